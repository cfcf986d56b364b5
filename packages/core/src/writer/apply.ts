/**
 * Tree-level all or nothing. A write goes in three phases:
 *
 * 1. **Stage.** Every new or changed file is written to a temp file beside its target, and the
 *    journal (`.fluxgen-journal.json`: each file's target, temp and backup name) to a temp file in
 *    the root; then all of them are flushed to the disk in one pass. The tree is unchanged.
 * 2. **Commit.** The journal's temp file is renamed into place and the root folder flushed. The
 *    point of no return.
 * 3. **Apply.** Each changed file is renamed to its backup, each temp file to its target, each
 *    removed file to its backup, the manifest last; then each touched folder is flushed once; then
 *    the backups, the folders the removals emptied and the journal go. Only the folders emptied
 *    by removals are flushed after that: the journal's removal reaches the disk with the next
 *    flush (or the system's own writeback), and a power cut that undoes it leaves a journal whose
 *    renames are all done, which the next run completes at no cost.
 *
 * Several trees can be written as one batch ({@link applyBatch}): every tree goes through a phase
 * before any goes on to the next, and a phase's flushes are one `syncfs` per file system instead
 * of an fsync per file and folder ({@link FlushMode}); the commit needs only an fsync of each
 * tree's root folder. The order of what reaches the disk is the same: staged files and journals
 * before any journal is in place, journals in place before any rename, renames before any
 * journal is removed.
 *
 * A failure before the commit removes what was staged: the tree is entirely old. A failure during
 * the apply is undone at once, rename by rename, back to the old tree. A crash (or a failed undo)
 * leaves the journal, and the next run completes the apply from it before it does anything else
 * ({@link recover}): every step is a rename that is either done or not, and the journal says
 * which way each goes. `--check` refuses to call a tree with a journal up to date.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
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
  /** The journal's temp file, in the root: renamed into place by the commit. */
  journalTemp?: string;
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

/**
 * How the writes of each phase reach the disk before the next phase begins:
 * - `each`: an fsync per file and per folder, as each phase goes (a few files);
 * - `filesystem`: one flush of each file system per phase, for all the trees of a batch
 *   (`syncfs(2)`), and an fsync per file and folder only where the system cannot. The commit,
 *   which only renames each tree's journal into place, fsyncs the root folders instead; the
 *   clean-up is flushed only when removals emptied folders.
 */
export type FlushMode = 'each' | 'filesystem';

/** The flushes of one batch: made at once (`each`), or collected until the phase's barrier. */
class Flush {
  private files: string[] = [];
  private readonly dirs = new Set<string>();
  private readonly namesOnly = new Set<string>();

  constructor(
    private readonly fs: TreeFs,
    readonly mode: FlushMode,
    private readonly roots: readonly string[],
  ) {}

  /** A written file, still open: `path` is where it will be at the barrier. */
  file(fd: number, path: string): void {
    if (this.mode === 'each') this.fs.fsync(fd);
    else this.files.push(path);
  }

  /** A folder whose entries changed. */
  dir(path: string): void {
    if (this.mode === 'each') this.fs.fsyncDir(path);
    else this.dirs.add(path);
  }

  /**
   * A folder where only names changed (a journal renamed into place): at the barrier, when
   * nothing else waits for it, an fsync of each such folder is enough, and cheaper than a
   * file-system flush.
   */
  entries(path: string): void {
    if (this.mode === 'each') this.fs.fsyncDir(path);
    else this.namesOnly.add(path);
  }

  /** Everything since the last barrier is on the disk when this returns. */
  barrier(): void {
    if (this.mode === 'each' || (this.files.length === 0 && this.dirs.size === 0 && this.namesOnly.size === 0)) return;
    const files = this.files;
    const dirs = [...this.dirs, ...this.namesOnly];
    const onlyNames = files.length === 0 && this.dirs.size === 0;
    this.files = [];
    this.dirs.clear();
    this.namesOnly.clear();
    if (!onlyNames && this.fs.syncFs(this.roots.filter((root) => this.fs.lstat(root) === 'dir'))) return;
    for (const file of files) this.fs.fsyncFile(file);
    for (const dir of dirs) if (this.fs.lstat(dir) === 'dir') this.fs.fsyncDir(dir);
  }
}

/** One tree of a batch: where it is, and its changes. */
export interface BatchItem {
  readonly view: TreeView;
  /** Their order is kept; the manifest should come last. */
  readonly changes: readonly Change[];
}

/**
 * What became of one tree of a batch: written; left as it was (`skipped`: a tree before it
 * failed); or failed, with the error (an IoFailure for a tree left old, ApplyInterrupted,
 * CleanupFailed, or another error).
 */
export type BatchResult = { readonly status: 'written' | 'skipped' } | { readonly status: 'failed'; readonly error: unknown };

type Phase = 'stage' | 'commit' | 'apply' | 'finish';

interface Progress {
  readonly item: BatchItem;
  staged?: Staged;
  done: (() => void)[];
  /** The last phase completed. */
  phase?: Phase;
  result?: BatchResult;
}

/** Stages, commits and applies `changes` to one tree (fsync by fsync); throws what failed. */
export function applyChanges(fs: TreeFs, view: TreeView, changes: readonly Change[]): void {
  const [result] = applyBatch(fs, [{ view, changes }], 'each');
  if (result?.status === 'failed') throw result.error;
}

/**
 * Writes the trees of a batch phase by phase, every tree through a phase before any goes on to
 * the next, with one barrier between phases (see {@link FlushMode}). Each tree is all or nothing
 * on its own, as if the trees had been written one after another: when a tree fails, the trees
 * before it are completed, the failed one is rolled back (or left to the next run, when it cannot
 * be), and the trees after it are left as they were (`skipped`). A barrier that fails rolls back
 * every tree still under way, and counts as the failure of the tree holding the path it names.
 */
export function applyBatch(fs: TreeFs, items: readonly BatchItem[], mode: FlushMode): BatchResult[] {
  const flush = new Flush(fs, mode, items.map((item) => item.view.root));
  const all: Progress[] = items.map((item) => ({ item, done: [] }));
  let live = all.filter((p) => p.item.changes.length > 0);
  for (const p of all) if (p.item.changes.length === 0) p.result = { status: 'written' };

  const phases: [Phase, (p: Progress) => void][] = [
    ['stage', (p) => (p.staged = stage(fs, p.item.view, p.item.changes, flush))],
    ['commit', (p) => commit(fs, p.item.view.root, p.staged!, flush)],
    ['apply', (p) => apply(fs, p, flush)],
    ['finish', (p) => finish(fs, p.item.view.root, p.staged!.journal, flush)],
  ];
  for (const [phase, run] of phases) {
    for (let k = 0; k < live.length; k++) {
      const p = live[k]!;
      try {
        run(p);
        p.phase = phase;
      } catch (error) {
        p.result = { status: 'failed', error: failedAt(fs, p, phase, error, flush) };
        // Cleaning up after a complete write failed: the trees after it go on.
        if (phase === 'finish') continue;
        for (const later of live.slice(k + 1)) rollBack(fs, later, flush, { status: 'skipped' });
        live = live.slice(0, k);
        break;
      }
    }
    live = live.filter((p) => p.result === undefined);
    try {
      flush.barrier();
    } catch (error) {
      const owner = live.find((p) => error instanceof IoFailure && (error.target === p.item.view.root || error.target.startsWith(p.item.view.root + sep))) ?? live[0];
      for (const p of live) {
        if (phase === 'finish') p.result = p === owner ? { status: 'failed', error: cleanupFailed(error) } : { status: 'written' };
        else rollBack(fs, p, flush, p === owner ? { status: 'failed', error } : { status: 'skipped' });
      }
      live = [];
      attempt(() => flush.barrier());
    }
  }
  for (const p of live) p.result = { status: 'written' };
  attempt(() => flush.barrier()); // what the rollbacks removed
  return all.map((p) => p.result ?? { status: 'skipped' });
}

/** A tree's own failure in `phase`: rolled back where it can be; the error to report. */
function failedAt(fs: TreeFs, p: Progress, phase: Phase, error: unknown, flush: Flush): unknown {
  const root = p.item.view.root;
  switch (phase) {
    case 'stage':
      return error; // stage() removed what it had made
    case 'commit':
      // The journal may be in place already (only its folder's fsync failed): then it goes too.
      try {
        discard(fs, root, p.staged!, fs.lstat(join(root, JOURNAL)) !== undefined, flush);
      } catch (discardError) {
        return discardError;
      }
      return error;
    case 'apply':
      try {
        undo(fs, p, flush);
      } catch (undoError) {
        return error instanceof IoFailure ? new ApplyInterrupted(error) : undoError;
      }
      return error;
    case 'finish':
      return cleanupFailed(error);
  }
}

/** Takes a tree of the batch back to its old state, whatever phase it completed; `result` when that worked. */
function rollBack(fs: TreeFs, p: Progress, flush: Flush, result: BatchResult): void {
  const root = p.item.view.root;
  try {
    if (p.phase === 'apply') undo(fs, p, flush);
    else if (p.staged) discard(fs, root, p.staged, p.phase === 'commit', flush);
    p.result = result;
  } catch (error) {
    p.result = { status: 'failed', error: p.phase === 'apply' && error instanceof IoFailure ? new ApplyInterrupted(error) : error };
  }
}

const cleanupFailed = (error: unknown) => (error instanceof IoFailure ? new CleanupFailed(error) : error);

/** Each changed file renamed to its backup, each temp file to its target; each touched folder flushed. */
function apply(fs: TreeFs, p: Progress, flush: Flush): void {
  const root = p.item.view.root;
  const { journal, createdDirs } = p.staged!;
  for (const op of journal.ops) {
    const target = inTree(root, op.path);
    if (op.backup) {
      const backup = sibling(root, op.path, op.backup);
      fs.rename(target, backup);
      p.done.push(() => fs.rename(backup, target));
    }
    if (op.temp) {
      const temp = sibling(root, op.path, op.temp);
      fs.rename(temp, target);
      p.done.push(() => fs.rename(target, temp));
    }
  }
  // Each folder once: the renames in it, and the new folders in it.
  syncDirs(fs, [...journal.ops.map((op) => dirname(inTree(root, op.path))), ...createdDirs.map((d) => dirname(d))], flush);
}

/** Undoes the renames done so far, last first, then removes the journal and what was staged. */
function undo(fs: TreeFs, p: Progress, flush: Flush): void {
  for (const step of p.done.reverse()) step();
  p.done = [];
  discard(fs, p.item.view.root, p.staged!, true, flush);
}

/** Writes every temp file and the journal's, then flushes them all (their folders need not be: see below). */
function stage(fs: TreeFs, view: TreeView, changes: readonly Change[], flush: Flush): Staged {
  const root = view.root;
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: Staged = { journal: { version: 1, ops: [] }, temps: [], createdDirs: [] };
  const ops = staged.journal.ops as JournalOp[];
  const open: number[] = [];
  const paths = new Map<number, string>();
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
      paths.set(fd, temp);
      staged.temps.push(temp);
      fs.write(fd, change.text!);
    });
    // The journal, ready to be renamed into place by the commit.
    const journal = join(root, `${TEMP_MARK}journal-${run}`);
    const fd = fs.create(journal);
    open.push(fd);
    paths.set(fd, journal);
    staged.temps.push(journal);
    staged.journalTemp = journal;
    fs.write(fd, `${JSON.stringify(staged.journal, null, 1)}\n`);
    for (const fd of open) flush.file(fd, paths.get(fd)!);
    while (open.length > 0) {
      fs.close(open[0]!);
      open.shift();
    }
    // Their folders are not fsynced here: a temp file that a power cut loses is one whose rename
    // recover() skips (keeping the old file), and the next plan writes that file again; a journal
    // that it loses was never in place.
  } catch (error) {
    for (const fd of open) attempt(() => fs.close(fd));
    discard(fs, root, staged, false, flush);
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

/** The point of no return: the journal, written and flushed by stage(), is renamed into place. */
function commit(fs: TreeFs, root: string, staged: Staged, flush: Flush): void {
  fs.rename(staged.journalTemp!, join(root, JOURNAL));
  flush.entries(root);
}

/**
 * Removes, when asked, the journal, then what stage() made (temp files, then the folders it
 * created, deepest first). The journal must go, or the next run would redo the apply; the rest is
 * best effort: a temp file left behind is only a temp file, which the next run removes.
 */
function discard(fs: TreeFs, root: string, staged: Staged, journal: boolean, flush: Flush): void {
  // The journal first: while it exists, the temp files it names must stay, for the next run.
  if (journal) {
    fs.unlink(join(root, JOURNAL));
    flush.dir(root);
  }
  for (const temp of staged.temps) attempt(() => fs.unlink(temp));
  for (const dir of [...staged.createdDirs].reverse()) attempt(() => fs.rmdir(dir));
}

/** Removes the backups and the folders the removed files leave empty, then the journal. */
function finish(fs: TreeFs, root: string, journal: Journal, flush: Flush): void {
  // Backups whose removal a power cut undoes are stray temp files, which the next run removes;
  // their folders need no fsync. Folders emptied by removals do, or they could come back.
  for (const op of journal.ops) {
    if (!op.backup) continue;
    const backup = sibling(root, op.path, op.backup);
    if (fs.lstat(backup) !== undefined) fs.unlink(backup);
  }
  const pruned = journal.ops.filter((op) => op.kind === 'remove').map((op) => [dirname(op.path), pruneEmptyDirs(fs, root, dirname(op.path))]);
  syncDirs(fs, pruned.filter(([dir, stop]) => inTree(root, dir!) !== stop).map(([, stop]) => stop!), flush);
  // Not flushed: a journal that a power cut brings back names renames that are all done.
  fs.unlink(join(root, JOURNAL));
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

/**
 * Flushes each distinct folder once. A folder gone since (pruned) is left out: looked for now when
 * each is flushed as it goes, and at the barrier otherwise (only if the file system could not be
 * flushed at once: see Flush.barrier).
 */
function syncDirs(fs: TreeFs, dirs: readonly string[], flush: Flush): void {
  for (const dir of new Set(dirs)) if (flush.mode === 'filesystem' || fs.lstat(dir) === 'dir') flush.dir(dir);
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
  const flush = new Flush(fs, 'each', [root]);
  syncDirs(fs, journal.ops.map((op) => dirname(inTree(root, op.path))), flush);
  finish(fs, root, journal, flush);
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
