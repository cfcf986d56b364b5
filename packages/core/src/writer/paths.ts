/**
 * Paths inside the tree, checked without following links: every folder on the way to a file, and
 * the file itself, is looked at with `lstat` before it is read, written or removed. A symbolic
 * link anywhere on that way is TREE_SYMLINK, a file where a folder must be (or a folder where a
 * file must be) TREE_PATH_BLOCKED; either stops the run before anything is written.
 */
import { dirname, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../errors.js';
import type { EntryKind, TreeFs } from './fs.js';

/** Prefix of every temp and backup file the writer makes; only such files are ever cleaned up. */
export const TEMP_MARK = '.fluxgen-tmp-';

/** A relative POSIX path that stays inside the tree: no `..`, `.` or empty segment, no `/` at the start, no `\`. */
export function isSafeRelative(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Absolute path of a tree-relative POSIX path. */
export const inTree = (root: string, path: string) => join(root, ...path.split('/'));

export function symlinkDiagnostic(path: string, cluster: string | undefined): Diagnostic {
  return {
    code: 'TREE_SYMLINK',
    ...(cluster ? { cluster } : {}),
    path,
    message: 'is a symbolic link; fluxgen never reads, writes or removes through a link, so that it cannot change anything outside the tree',
    hint: 'replace the link with a real folder or file (move the target back into the tree), then run again',
  };
}

function blockedDiagnostic(path: string, kind: EntryKind, want: 'file' | 'folder', cluster: string | undefined): Diagnostic {
  const what = kind === 'dir' ? 'a folder' : kind === 'file' ? 'a file' : 'a special file';
  return {
    code: 'TREE_PATH_BLOCKED',
    ...(cluster ? { cluster } : {}),
    path,
    message: `is ${what}, where fluxgen needs a ${want}`,
    hint: `move ${path} out of the tree, then run again`,
  };
}

/**
 * Looks at paths in one tree, remembering what it saw (the writer holds the tree's lock, so nothing
 * else changes it), and collects problems instead of throwing, so that all are reported at once.
 */
export class TreeView {
  readonly problems: Diagnostic[] = [];
  private readonly seen = new Map<string, EntryKind | undefined>();
  private readonly reported = new Set<string>();

  /**
   * @param created the run made the root folder itself and found nothing in it but its lock:
   *   nothing below it needs to be looked at until the writer puts it there.
   */
  constructor(
    private readonly fs: TreeFs,
    readonly root: string,
    readonly cluster: string | undefined,
    private readonly created = false,
  ) {}

  /** The text of a tree-relative file (after kind() said it is a file). */
  read(path: string): string {
    return this.fs.readFile(inTree(this.root, path));
  }

  /** lstat, remembered. */
  lstat(abs: string): EntryKind | undefined {
    if (!this.seen.has(abs)) this.seen.set(abs, this.created && abs.startsWith(this.root + sep) ? undefined : this.fs.lstat(abs));
    return this.seen.get(abs);
  }

  /** Records what the writer itself changed at `abs`. */
  set(abs: string, kind: EntryKind | undefined): void {
    this.seen.set(abs, kind);
  }

  /**
   * Checks `from`'s descendants down to the tree root (each must be a real folder or absent),
   * e.g. `clusters/<name>/flux` and `flux/infra`. False (with a problem recorded) when one is not.
   */
  checkRoot(from: string): boolean {
    const rel = relative(from, this.root);
    const start = rel === '' || rel.startsWith('..') ? dirname(this.root) : from;
    let dir = start;
    for (const segment of relative(start, this.root).split(sep).filter(Boolean)) {
      dir = join(dir, segment);
      const kind = this.lstat(dir);
      if (kind === undefined) return true;
      if (kind !== 'dir') return this.report(dir, kind, 'folder');
    }
    return true;
  }

  /**
   * What is at a tree-relative path, after checking every folder on the way: `undefined` when it
   * (or a folder on the way) does not exist, `'blocked'` when a link or a non-folder is on the way,
   * or when the path itself is a link (recorded as a problem).
   */
  kind(path: string): EntryKind | 'blocked' | undefined {
    const segments = path.split('/');
    let dir = this.root;
    for (const segment of segments.slice(0, -1)) {
      dir = join(dir, segment);
      const kind = this.lstat(dir);
      if (kind === undefined) return undefined;
      if (kind !== 'dir') {
        this.report(dir, kind, 'folder');
        return 'blocked';
      }
    }
    const abs = join(dir, segments.at(-1)!);
    const kind = this.lstat(abs);
    if (kind === 'symlink') {
      this.report(abs, kind, 'file');
      return 'blocked';
    }
    return kind;
  }

  /** Records the problem for a path once; always false. */
  report(abs: string, kind: EntryKind, want: 'file' | 'folder'): false {
    if (!this.reported.has(abs)) {
      this.reported.add(abs);
      this.problems.push(kind === 'symlink' ? symlinkDiagnostic(abs, this.cluster) : blockedDiagnostic(abs, kind, want, this.cluster));
    }
    return false;
  }
}
