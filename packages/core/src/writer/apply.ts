/**
 * Tree-level all or nothing. A write goes in three phases:
 *
 * 1. **Stage.** Every new or changed file is written to a temp file beside its target, then all
 *    temp files are fsynced in one pass. The tree is unchanged.
 * 2. **Commit.** The journal (`.fluxgen-journal.json`: each file's target, temp and backup name) is
 *    written, fsynced and renamed into place, and the root folder fsynced. The point of no return.
 * 3. **Apply.** Each changed file is renamed to its backup, each temp file to its target, each
 *    removed file to its backup, the manifest last; then each touched folder is fsynced once; then
 *    the backups, the folders the removals emptied and the journal go.
 *
 * A failure before the commit removes what was staged: the tree is entirely old. A failure during
 * the apply is undone at once, rename by rename, back to the old tree. A crash (or a failed undo)
 * leaves the journal, and the next run completes the apply from it before it does anything else
 * ({@link recover}): every step is a rename that is either done or not, and the journal says
 * which way each goes. `--check` refuses to call a tree with a journal up to date.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { FluxgenError } from '../errors.js';
import type { TreeFs } from './fs.js';
import { IoFailure } from './io.js';
import { inTree, isSafeRelative, TEMP_MARK, type TreeView } from './paths.js';

/** The journal file, relative to the tree root. */
export const JOURNAL = '.fluxgen-journal.json';

/** One file's step: temp and backup are names in the file's own folder. */
export interface JournalOp {
  readonly kind: 'create' | 'update' | 'remove';
  readonly path: string;
  readonly temp?: string;
  readonly backup?: string;
}

export interface Journal {
  readonly version: 1;
  readonly ops: readonly JournalOp[];
}

/** A file to write (create or update) or remove, relative to the root. */
export interface Change {
  readonly kind: JournalOp['kind'];
  readonly path: string;
  readonly text?: string;
}

/** What stage() left on disk, for commit and for cleaning up after a failure. */
interface Staged {
  readonly journal: Journal;
  readonly temps: string[];
  readonly createdDirs: string[];
}

const sibling = (root: string, path: string, name: string) => join(dirname(inTree(root, path)), name);

/** Thrown when an apply could not be undone: the journal stays, and the next run completes it. */
export class ApplyInterrupted extends Error {
  constructor(readonly failure: IoFailure) {
    super(failure.message, { cause: failure });
    this.name = 'ApplyInterrupted';
  }
}

/** Thrown when the new tree is in place but removing backups, emptied folders or the journal failed: the next run finishes. */
export class CleanupFailed extends Error {
  constructor(readonly failure: IoFailure) {
    super(failure.message, { cause: failure });
    this.name = 'CleanupFailed';
  }
}

/** Stages, commits and applies `changes` (their order is kept; the manifest should come last). */
export function applyChanges(fs: TreeFs, view: TreeView, changes: readonly Change[]): void {
  const root = view.root;
  const staged = stage(fs, view, changes);
  try {
    writeJournal(fs, root, staged.journal);
  } catch (error) {
    // The journal may be in place already (only its folder's fsync failed): then it goes too.
    discard(fs, root, staged, fs.lstat(join(root, JOURNAL)) !== undefined);
    throw error;
  }
  const done: (() => void)[] = [];
  try {
    for (const op of staged.journal.ops) {
      const target = inTree(root, op.path);
      if (op.backup) {
        const backup = sibling(root, op.path, op.backup);
        fs.rename(target, backup);
        done.push(() => fs.rename(backup, target));
      }
      if (op.temp) {
        const temp = sibling(root, op.path, op.temp);
        fs.rename(temp, target);
        done.push(() => fs.rename(target, temp));
      }
    }
    // Each folder once: the renames in it, and the new folders in it.
    syncDirs(fs, [...staged.journal.ops.map((op) => dirname(inTree(root, op.path))), ...staged.createdDirs.map((d) => dirname(d))]);
  } catch (error) {
    try {
      for (const undo of done.reverse()) undo();
      discard(fs, root, staged, true);
    } catch (undoError) {
      if (error instanceof IoFailure) throw new ApplyInterrupted(error);
      throw undoError;
    }
    throw error;
  }
  try {
    finish(fs, root, staged.journal);
  } catch (error) {
    if (error instanceof IoFailure) throw new CleanupFailed(error);
    throw error;
  }
}

/** Writes every temp file, then fsyncs them all, then each folder holding one. */
function stage(fs: TreeFs, view: TreeView, changes: readonly Change[]): Staged {
  const root = view.root;
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: Staged = { journal: { version: 1, ops: [] }, temps: [], createdDirs: [] };
  const ops = staged.journal.ops as JournalOp[];
  const open: number[] = [];
  try {
    changes.forEach((change, n) => {
      const name = `${TEMP_MARK}${run}-${n}`;
      const op: JournalOp = {
        kind: change.kind,
        path: change.path,
        ...(change.kind !== 'remove' ? { temp: name } : {}),
        ...(change.kind !== 'create' ? { backup: `${name}.old` } : {}),
      };
      ops.push(op);
      if (!op.temp) return;
      ensureDir(fs, view, dirname(change.path), staged.createdDirs);
      const temp = sibling(root, change.path, op.temp);
      const fd = fs.create(temp);
      open.push(fd);
      staged.temps.push(temp);
      fs.write(fd, change.text!);
    });
    for (const fd of open) fs.fsync(fd);
    while (open.length > 0) {
      fs.close(open[0]!);
      open.shift();
    }
    // Their folders are not fsynced here: a temp file that a power cut loses is one whose rename
    // recover() skips (keeping the old file), and the next plan writes that file again.
  } catch (error) {
    for (const fd of open) attempt(() => fs.close(fd));
    discard(fs, root, staged, false);
    throw error;
  }
  return staged;
}

/** Creates the folders on the way to `dir` (tree-relative) that do not exist, one by one. */
function ensureDir(fs: TreeFs, view: TreeView, dir: string, created: string[]): void {
  if (dir === '.' || dir === '') return;
  let abs = view.root;
  for (const segment of dir.split('/')) {
    abs = join(abs, segment);
    const kind = view.lstat(abs);
    if (kind === 'dir') continue;
    if (kind !== undefined) {
      view.report(abs, kind, 'folder');
      throw new FluxgenError(view.problems);
    }
    fs.mkdir(abs);
    view.set(abs, 'dir');
    created.push(abs);
  }
}

function writeJournal(fs: TreeFs, root: string, journal: Journal): void {
  const temp = join(root, `${TEMP_MARK}journal-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = fs.create(temp);
  try {
    try {
      fs.write(fd, `${JSON.stringify(journal, null, 1)}\n`);
      fs.fsync(fd);
    } finally {
      fs.close(fd);
    }
    fs.rename(temp, join(root, JOURNAL));
  } catch (error) {
    attempt(() => fs.unlink(temp));
    throw error;
  }
  fs.fsyncDir(root);
}

/**
 * Removes, when asked, the journal, then what stage() made (temp files, then the folders it
 * created, deepest first). The journal must go, or the next run would redo the apply; the rest is
 * best effort: a temp file left behind is only a temp file, which the next run removes.
 */
function discard(fs: TreeFs, root: string, staged: Staged, journal: boolean): void {
  // The journal first: while it exists, the temp files it names must stay, for the next run.
  if (journal) {
    fs.unlink(join(root, JOURNAL));
    fs.fsyncDir(root);
  }
  for (const temp of staged.temps) attempt(() => fs.unlink(temp));
  for (const dir of [...staged.createdDirs].reverse()) attempt(() => fs.rmdir(dir));
}

/** Removes the backups and the folders the removed files leave empty, then the journal. */
function finish(fs: TreeFs, root: string, journal: Journal): void {
  // Backups whose removal a power cut undoes are stray temp files, which the next run removes;
  // their folders need no fsync. Folders emptied by removals do, or they could come back.
  for (const op of journal.ops) {
    if (!op.backup) continue;
    const backup = sibling(root, op.path, op.backup);
    if (fs.lstat(backup) !== undefined) fs.unlink(backup);
  }
  const pruned = journal.ops.filter((op) => op.kind === 'remove').map((op) => [dirname(op.path), pruneEmptyDirs(fs, root, dirname(op.path))]);
  syncDirs(fs, pruned.filter(([dir, stop]) => inTree(root, dir!) !== stop).map(([, stop]) => stop!));
  fs.unlink(join(root, JOURNAL));
  fs.fsyncDir(root);
}

/** Removes `dir` (tree-relative) and its parents while empty; returns the folder holding the last one removed. */
export function pruneEmptyDirs(fs: TreeFs, root: string, dir: string): string {
  let d = dir;
  for (; d !== '.' && d !== ''; d = dirname(d)) {
    const abs = inTree(root, d);
    const kind = fs.lstat(abs);
    if (kind === undefined) continue; // removed already, by an interrupted run: go on with its parent
    if (kind !== 'dir' || fs.readdir(abs).length > 0) break;
    fs.rmdir(abs);
  }
  return d === '.' || d === '' ? root : inTree(root, d);
}

/** fsyncs each distinct folder once. */
function syncDirs(fs: TreeFs, dirs: readonly string[]): void {
  for (const dir of new Set(dirs)) if (fs.lstat(dir) === 'dir') fs.fsyncDir(dir);
}

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // best effort: see the caller
  }
}

/** Reads the journal; `undefined` when there is none, an error message when it cannot be used. */
export function readJournal(fs: TreeFs, root: string): Journal | string | undefined {
  const path = join(root, JOURNAL);
  const kind = fs.lstat(path);
  if (kind === undefined) return undefined;
  if (kind !== 'file') return `${path} is not a regular file`;
  let parsed: Journal;
  try {
    parsed = JSON.parse(fs.readFile(path)) as Journal;
  } catch (error) {
    return `${path} is not valid JSON (${(error as Error).message})`;
  }
  const names = (n: unknown) => n === undefined || (typeof n === 'string' && n.startsWith(TEMP_MARK) && !n.includes('/'));
  const ok =
    parsed?.version === 1 &&
    Array.isArray(parsed.ops) &&
    parsed.ops.every(
      (op) => ['create', 'update', 'remove'].includes(op?.kind) && typeof op.path === 'string' && isSafeRelative(op.path) && names(op.temp) && names(op.backup),
    );
  return ok ? parsed : `${path} is not a fluxgen journal`;
}

/**
 * Completes an apply that a crash (or a failed undo) interrupted: every rename still to do is
 * done, in the journal's order, then the apply finishes as usual. Each step looks at what exists,
 * so recovery itself may be interrupted and run again.
 */
export function recover(fs: TreeFs, root: string, journal: Journal): void {
  const exists = (p: string) => fs.lstat(p) !== undefined;
  for (const op of journal.ops) {
    const target = inTree(root, op.path);
    const temp = op.temp ? sibling(root, op.path, op.temp) : undefined;
    const backup = op.backup ? sibling(root, op.path, op.backup) : undefined;
    if (temp && exists(temp)) {
      if (backup && exists(target) && !exists(backup)) fs.rename(target, backup);
      fs.rename(temp, target);
    } else if (op.kind === 'remove' && backup && exists(target) && !exists(backup)) {
      fs.rename(target, backup);
    } else if (op.kind === 'update' && backup && !exists(target) && exists(backup)) {
      fs.rename(backup, target); // its temp file is gone: keep the old file; this run's plan updates it
    }
  }
  syncDirs(fs, journal.ops.map((op) => dirname(inTree(root, op.path))));
  finish(fs, root, journal);
}

/**
 * Removes temp files left by a run that crashed before its commit (and backups left after one),
 * with the folders they alone kept. Only called under the lock, with no journal: no run is using
 * them. Never enters a link.
 */
export function removeStrayTemps(fs: TreeFs, root: string, skip: ReadonlySet<string>): void {
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdir(dir)) {
      const abs = join(dir, entry.name);
      if (skip.has(abs)) continue;
      if (entry.kind === 'dir') walk(abs, rel ? `${rel}/${entry.name}` : entry.name);
      else if (entry.kind === 'file' && entry.name.startsWith(TEMP_MARK)) {
        fs.unlink(abs);
        if (rel) pruneEmptyDirs(fs, root, rel);
      }
    }
  };
  walk(root, '');
}
