/**
 * The file-system calls the writer makes, as a small interface: the one seam through which tests
 * inject a failure (or a crash) at every step. {@link nodeTreeFs} is the real thing. Every call
 * takes an absolute path and never follows a symbolic link at that path: `lstat` reports a link
 * as a link, `readFile` and `create` refuse one (O_NOFOLLOW, O_EXCL), `rename`, `unlink` and
 * `rmdir` act on the link itself. The writer checks every parent folder with `lstat` before it
 * uses a path, so no call goes through a link either.
 */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Dirent,
  type Stats,
} from 'node:fs';

/** What is at a path, without following a link. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

/** The calls the writer makes. Each throws a Node.js errno error (`code: 'ENOSPC'`, …) on failure. */
export interface TreeFs {
  /** What is at `path` (the link itself for a link); `undefined` when nothing is. */
  lstat(path: string): EntryKind | undefined;
  /** A file's text; fails on a symbolic link. */
  readFile(path: string): string;
  /** The entries of a folder, with their kinds (links not followed). */
  readdir(path: string): { readonly name: string; readonly kind: EntryKind }[];
  /** Creates one folder (its parent must exist). */
  mkdir(path: string): void;
  /** Creates a new file for writing; fails when anything (a link included) is at `path`. */
  create(path: string): number;
  /** Writes all of `text` to an open file. */
  write(fd: number, text: string): void;
  /** Flushes an open file's data to the disk. */
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  rmdir(path: string): void;
  /** Makes a folder's entries (renames, new and removed names) durable. */
  fsyncDir(path: string): void;
  /** Flushes a closed file's data to the disk, by path (the fallback of {@link TreeFs.syncFs}). */
  fsyncFile(path: string): void;
  /**
   * Flushes everything written so far on each file system holding one of `paths` (Linux
   * `syncfs(2)`): one call instead of an fsync per file and folder. Returns false when this
   * system cannot (then the writer fsyncs each file and folder itself); throws when it could and
   * the flush failed.
   */
  syncFs(paths: readonly string[]): boolean;
}

/** The name of each TreeFs call, for error messages and for fault injection. */
export type TreeFsCall = keyof TreeFs;

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function kindOf(s: Stats | Dirent): EntryKind {
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isDirectory()) return 'dir';
  if (s.isFile()) return 'file';
  return 'other';
}

/** The real file system (node:fs, synchronous). */
export const nodeTreeFs: TreeFs = {
  lstat(path) {
    try {
      return kindOf(lstatSync(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  readFile(path) {
    const fd = openSync(path, constants.O_RDONLY | NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  },
  readdir(path) {
    return readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, kind: kindOf(e) }));
  },
  mkdir(path) {
    mkdirSync(path);
  },
  create(path) {
    return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o666);
  },
  write(fd, text) {
    writeFileSync(fd, text); // unlike writeSync, loops until every byte is written
  },
  fsync(fd) {
    fsyncSync(fd);
  },
  close(fd) {
    closeSync(fd);
  },
  rename(from, to) {
    renameSync(from, to);
  },
  unlink(path) {
    unlinkSync(path);
  },
  rmdir(path) {
    rmdirSync(path);
  },
  fsyncDir(path) {
    // Windows cannot open a folder for fsync; NTFS journals its metadata itself.
    if (process.platform === 'win32') return;
    const fd = openSync(path, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  fsyncFile(path) {
    // Read-write: Windows flushes only a file open for writing.
    const fd = openSync(path, constants.O_RDWR | NOFOLLOW);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  syncFs(paths) {
    return syncFileSystems(paths);
  },
};

/** Whether `sync -f` (GNU coreutils 8.24+, BusyBox) ran here; false once it could not. */
let syncfsWorks = process.platform === 'linux';

/**
 * Node has no binding for syncfs(2), so `sync -f <path>` (one path per file system) calls it.
 * A missing `sync`, or one without `-f`, makes this return false for the rest of the process.
 * `sync` runs in a process group of its own, so that a Ctrl-C meant for fluxgen (which lets a
 * write finish) does not stop it; stopped by a signal anyway, it returns false for this flush
 * (the writer then fsyncs file by file).
 */
function syncFileSystems(paths: readonly string[]): boolean {
  if (!syncfsWorks) return false;
  const byDevice = new Map<number, string>();
  for (const path of paths) {
    const dev = statSync(path).dev;
    if (!byDevice.has(dev)) byDevice.set(dev, path);
  }
  // `detached` (a new session, so a process group of its own) is honoured by spawnSync, though its types omit it.
  const options = { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', detached: true } as SpawnSyncOptionsWithStringEncoding;
  const result = spawnSync('sync', ['-f', '--', ...byDevice.values()], options);
  if (result.error || /option/i.test(result.stderr ?? '')) {
    syncfsWorks = false;
    return false;
  }
  if (result.signal) return false;
  if (result.status !== 0) {
    const message = (result.stderr ?? '').trim() || `sync -f exited with ${result.status ?? result.signal}`;
    throw Object.assign(new Error(message), { code: /input\/output/i.test(message) ? 'EIO' : undefined });
  }
  return true;
}
