/**
 * Turns a failed file-system call into a coded diagnostic (FILE_IO_FAILED) that says what failed,
 * where, and what to do, in words that fit the error number.
 */
import { FluxgenError, type Diagnostic } from '../errors.js';
import type { TreeFs, TreeFsCall } from './fs.js';

/** A TreeFs call that failed: which call, on which path, with the original error. */
export class IoFailure extends Error {
  readonly call: TreeFsCall;
  readonly target: string;
  readonly errno: string | undefined;

  constructor(call: TreeFsCall, target: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`${call} ${target}: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.name = 'IoFailure';
    this.call = call;
    this.target = target;
    this.errno = typeof errno === 'string' ? errno : undefined;
  }
}

const VERB: Record<TreeFsCall, string> = {
  lstat: 'look at',
  readFile: 'read',
  readdir: 'list',
  mkdir: 'create the folder',
  create: 'create the file',
  write: 'write',
  fsync: 'flush to disk',
  close: 'close',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove the folder',
  fsyncDir: 'flush to disk the folder',
  fsyncFile: 'flush to disk',
  syncFs: 'flush to disk the file system holding this path',
};

/** What to do about an error number, in words. */
function errnoHint(errno: string | undefined, target: string): string {
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk (or your quota) is full: free some space, then run again';
    case 'EACCES':
    case 'EPERM':
      return `you may not change ${target} or its folder: check their owner and permissions (ls -ld), then run again`;
    case 'EROFS':
      return 'the file system is mounted read-only';
    case 'EISDIR':
      return 'a folder stands where fluxgen writes a file: move it out of the tree';
    case 'ENOTDIR':
      return 'a file stands where fluxgen needs a folder: move it out of the tree';
    case 'ELOOP':
      return 'a symbolic link stands where fluxgen writes: replace it with a real file or folder';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files: raise the limit (ulimit -n) or close other programs';
    case 'EIO':
      return 'the disk reported an I/O error: check the device';
    default:
      return 'check the path and the disk, then run again';
  }
}

/** Wraps a TreeFs so that every failing call throws an {@link IoFailure} naming the call and the path. */
export function guardFs(fs: TreeFs): TreeFs {
  const wrap =
    <A extends unknown[], R>(call: TreeFsCall, fn: (...args: A) => R, target: (...args: A) => string) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (error) {
        if (error instanceof IoFailure || error instanceof FluxgenError) throw error;
        throw new IoFailure(call, target(...args), error);
      }
    };
  const byPath = (p: string) => p;
  const fds = new Map<number, string>();
  return {
    lstat: wrap('lstat', (p: string) => fs.lstat(p), byPath),
    readFile: wrap('readFile', (p: string) => fs.readFile(p), byPath),
    readdir: wrap('readdir', (p: string) => fs.readdir(p), byPath),
    mkdir: wrap('mkdir', (p: string) => fs.mkdir(p), byPath),
    create: wrap(
      'create',
      (p: string) => {
        const fd = fs.create(p);
        fds.set(fd, p);
        return fd;
      },
      byPath,
    ),
    write: wrap('write', (fd: number, text: string) => fs.write(fd, text), (fd) => fds.get(fd) ?? `fd ${fd}`),
    fsync: wrap('fsync', (fd: number) => fs.fsync(fd), (fd) => fds.get(fd) ?? `fd ${fd}`),
    close: wrap(
      'close',
      (fd: number) => {
        fs.close(fd);
        fds.delete(fd);
      },
      (fd) => fds.get(fd) ?? `fd ${fd}`,
    ),
    rename: wrap('rename', (from: string, to: string) => fs.rename(from, to), (from, to) => `${from} -> ${to}`),
    unlink: wrap('unlink', (p: string) => fs.unlink(p), byPath),
    rmdir: wrap('rmdir', (p: string) => fs.rmdir(p), byPath),
    fsyncDir: wrap('fsyncDir', (p: string) => fs.fsyncDir(p), byPath),
    fsyncFile: wrap('fsyncFile', (p: string) => fs.fsyncFile(p), byPath),
    syncFs: wrap('syncFs', (paths: readonly string[]) => fs.syncFs(paths), (paths) => paths[0] ?? ''),
  };
}

/**
 * The FILE_IO_FAILED diagnostic for a failure. `outcome` says what state the tree was left in
 * (rolled back, or to be completed by the next run).
 */
export function ioDiagnostic(failure: IoFailure, outcome: string, cluster: string | undefined): Diagnostic {
  const cause = failure.cause as Error | undefined;
  const detail = failure.errno ? `${failure.errno}${cause?.message ? ` (${describe(cause.message, failure.errno)})` : ''}` : String(cause?.message ?? cause);
  return {
    code: 'FILE_IO_FAILED',
    ...(cluster ? { cluster } : {}),
    path: failure.target,
    message: `could not ${VERB[failure.call]}: ${detail}; ${outcome}`,
    hint: errnoHint(failure.errno, failure.target),
  };
}

/** Node's errno message without the repeated code and path (`ENOSPC: no space left on device, write` → `no space left on device`). */
function describe(message: string, errno: string): string {
  const m = new RegExp(`^${errno}: ([^,]+)`).exec(message);
  return m ? m[1]! : message;
}

/** A FluxgenError for a failure, with the raw error as its cause (shown by --debug). */
export function ioError(failure: IoFailure, outcome: string, cluster: string | undefined): FluxgenError {
  const error = new FluxgenError([ioDiagnostic(failure, outcome, cluster)]);
  error.cause = failure.cause;
  return error;
}
