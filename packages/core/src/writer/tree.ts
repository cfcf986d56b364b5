/**
 * planWrite, writeTree and adoptTree: the writer's three entry points. See ../writer.ts for the
 * guarantees, apply.ts for how a write is all or nothing.
 */
import { dirname, join, resolve } from 'node:path';
import { FluxgenError, type Diagnostic } from '../errors.js';
import {
  ApplyInterrupted,
  applyBatch,
  applyChanges,
  CleanupFailed,
  JOURNAL,
  readJournal,
  recover,
  removeStrayTemps,
  type Change,
  type FlushMode,
} from './apply.js';
import { nodeTreeFs, type TreeFs } from './fs.js';
import { guardFs, IoFailure, ioError } from './io.js';
import { acquireLock, LOCK } from './lock.js';
import { MANIFEST, manifestCorrupt, manifestMissing, manifestText, parseManifest, type ManifestState } from './manifest.js';
import { inTree, isSafeRelative, TreeView } from './paths.js';

/** What a write would do (or did) to each file, relative to the tree root. */
export interface WritePlan {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Current and new contents of every changed file (`undefined`: absent), for diffs. */
  readonly changes: ReadonlyMap<string, { readonly before?: string; readonly after?: string }>;
}

/** Where a write comes from, what it may touch, and how long it may wait for another run's lock. */
export interface WriteContext {
  /** Cluster name, for error messages. */
  readonly cluster?: string;
  /**
   * How long to wait for another run holding the tree's lock before failing with TREE_LOCKED, in
   * milliseconds. When unset, the `FLUXGEN_LOCK_WAIT_MS` environment variable is used.
   * @default 30000
   */
  readonly lockWaitMs?: number;
  /**
   * A folder above the tree: every folder from below it down to the tree root must be a real
   * folder, never a link (the CLI passes `clusters/<name>`, which covers `flux` and `flux/infra`).
   * @default the tree root's parent
   */
  readonly guardFrom?: string;
  /**
   * The file system calls to make; tests pass one that fails (or "crashes") at a chosen step.
   * @default nodeTreeFs
   */
  readonly fs?: TreeFs;
}

/** One tree of {@link writeTrees}. */
export interface WriteTarget {
  readonly root: string;
  readonly files: ReadonlyMap<string, string>;
  /** As for writeTree; the file system is the batch's. */
  readonly context?: Omit<WriteContext, 'fs'>;
}

/** How {@link writeTrees} writes its batch. */
export interface BatchOptions {
  /**
   * The file system calls to make (tests pass one that fails at a chosen step).
   * @default nodeTreeFs
   */
  readonly fs?: TreeFs;
  /**
   * How each phase reaches the disk: `each` (an fsync per file and folder), `filesystem` (one
   * syncfs per file system and phase, for the whole batch), or `auto`: `filesystem` when the
   * batch writes at least {@link FLUSH_FILESYSTEM_FROM} files.
   * @default 'auto'
   */
  readonly flush?: FlushMode | 'auto';
}

/**
 * From this many files written in one batch, a phase's flush is one syncfs per file system
 * (which costs a process start, a few milliseconds) rather than an fsync per file and folder.
 */
export const FLUSH_FILESYSTEM_FROM = 256;

/** What `adoptTree` did. */
export interface AdoptResult {
  /** Files now owned that were not: their bytes are exactly what fluxgen generates. */
  readonly adopted: readonly string[];
  /** Files the manifest already listed (they stay owned). */
  readonly alreadyOwned: readonly string[];
  /** Files fluxgen would write that exist with other content: not adopted. */
  readonly refused: readonly string[];
  /** The manifest as it was found. */
  readonly manifest: ManifestState['status'];
}

const NOTHING_CHANGED = 'nothing was changed: the tree is as it was';
const CLEANUP =
  'the new tree is in place, but cleaning up after the write failed; the next run finishes it (`--check` reports the tree as interrupted until then)';
const INTERRUPTED =
  'the write was interrupted and could not be undone; the next `fluxgen generate` completes it (`--check` reports the tree as interrupted until then)';

/**
 * Compares `files` with the tree at `root`, writing nothing. Throws (all problems at once)
 * FILE_NOT_OWNED for a file fluxgen would write that it did not generate, TREE_SYMLINK and
 * TREE_PATH_BLOCKED for a link or a wrong kind of entry on the way, MANIFEST_* when ownership
 * cannot be known, and TREE_INTERRUPTED when an earlier write was interrupted.
 */
export function planWrite(root: string, files: ReadonlyMap<string, string>, context: WriteContext = {}): WritePlan {
  const fs = guardFs(context.fs ?? nodeTreeFs);
  try {
    const view = new TreeView(fs, root, context.cluster);
    if (!view.checkRoot(context.guardFrom ?? dirname(root))) throw new FluxgenError(view.problems);
    if (view.lstat(root) === 'dir') {
      const journal = readJournal(fs, root);
      if (journal !== undefined) throw interrupted(root, journal, context.cluster);
    }
    return planTree(view, files).plan;
  } catch (error) {
    if (error instanceof IoFailure) throw ioError(error, NOTHING_CHANGED, context.cluster);
    throw error;
  }
}

/**
 * Brings the tree at `root` to exactly `files`, all or nothing (see apply.ts), holding a lock so
 * that concurrent runs take turns. An interrupted earlier write is completed first.
 */
export async function writeTree(root: string, files: ReadonlyMap<string, string>, context: WriteContext = {}): Promise<WritePlan> {
  return withTree(root, context, (fs, view) => {
    const { plan, changes } = planTree(view, files);
    if (changes.length > 0) applyChanges(fs, view, changes);
    return plan;
  });
}

/**
 * Brings each tree to exactly its files, as one batch: every tree is all or nothing, as with
 * writeTree, but the trees go through each phase of the write together, so that a phase's
 * flushes can be one per file system instead of one per file (see apply.ts). The trees' locks are
 * taken in the order of their paths (two runs never wait for each other in a circle) and held
 * until the whole batch is written: keep batches to what takes well under a second to write
 * (writeInBatches in writer/batches.ts sizes them by the time the ones before took).
 *
 * As if the trees were written one after another in that order: when a tree fails (a file it may
 * not overwrite, an I/O error, a lock held elsewhere), the trees before it are written, it is left
 * as it was (or to be completed by the next run, which the error says), and the trees after it
 * are left as they were. The error has one diagnostic per failed tree.
 */
export async function writeTrees(targets: readonly WriteTarget[], options: BatchOptions = {}): Promise<WritePlan[]> {
  const fs = guardFs(options.fs ?? nodeTreeFs);
  const order = targets.map((_, i) => i).sort((a, b) => (resolve(targets[a]!.root) < resolve(targets[b]!.root) ? -1 : 1));
  const opened: { index: number; open: OpenTree; plan: WritePlan; changes: Change[] }[] = [];
  const failures: { index: number; error: unknown }[] = [];
  try {
    for (const index of order) {
      const { root, files, context = {} } = targets[index]!;
      let open: OpenTree | undefined;
      try {
        open = await openTree(fs, root, context);
        opened.push({ index, open, ...planTree(open.view, files) });
      } catch (error) {
        failures.push({ index, error: toError(error, NOTHING_CHANGED, context.cluster) });
        await open?.release();
        break;
      }
    }
    const count = opened.reduce((n, o) => n + o.changes.filter((c) => c.text !== undefined).length, 0);
    const flush = options.flush === undefined || options.flush === 'auto' ? (count >= FLUSH_FILESYSTEM_FROM ? 'filesystem' : 'each') : options.flush;
    const results = applyBatch(
      fs,
      opened.map((o) => ({ view: o.open.view, changes: o.changes })),
      flush,
    );
    results.forEach((result, k) => {
      if (result.status === 'failed') failures.push({ index: opened[k]!.index, error: toError(result.error, NOTHING_CHANGED, targets[opened[k]!.index]!.context?.cluster) });
    });
  } finally {
    for (const o of opened) await o.open.release();
  }
  if (failures.length > 0) {
    failures.sort((a, b) => order.indexOf(a.index) - order.indexOf(b.index));
    const unexpected = failures.find((f) => !(f.error instanceof FluxgenError));
    if (unexpected) throw unexpected.error;
    const errors = failures.map((f) => f.error as FluxgenError);
    if (errors.length === 1) throw errors[0];
    const error = new FluxgenError(errors.flatMap((e) => e.diagnostics));
    error.cause = errors.find((e) => e.cause !== undefined)?.cause;
    throw error;
  }
  const plans = new Map(opened.map((o) => [o.index, o.plan]));
  return targets.map((_, i) => plans.get(i)!);
}

/**
 * Rebuilds ownership after the manifest was lost or damaged: every file fluxgen would write whose
 * bytes are exactly what it generates becomes owned; the others are refused, by name, and stay
 * untouched (and unowned). Files a readable manifest lists stay owned.
 */
export async function adoptTree(root: string, files: ReadonlyMap<string, string>, context: WriteContext = {}): Promise<AdoptResult> {
  return withTree(root, context, (fs, view) => {
    const kind = view.kind(MANIFEST);
    if (kind === 'dir' || kind === 'other') view.report(join(root, MANIFEST), kind, 'file');
    const state: ManifestState = kind === 'file' ? parseManifest(fs.readFile(join(root, MANIFEST))) : { status: 'missing' };
    const previous = state.status === 'ok' ? state.files : new Set<string>();
    const adopted: string[] = [];
    const alreadyOwned: string[] = [];
    const refused: string[] = [];
    for (const [path, text] of files) {
      if (!isSafeRelative(path)) throw new FluxgenError([outsideTree(path, context.cluster)]);
      if (view.kind(path) !== 'file') continue;
      if (previous.has(path)) alreadyOwned.push(path);
      else if (fs.readFile(inTree(root, path)) === text) adopted.push(path);
      else refused.push(path);
    }
    // Listed files still on disk stay owned, so that a later run can remove them.
    const kept = [...previous].filter((p) => !files.has(p) && view.kind(p) === 'file');
    if (view.problems.length > 0) throw new FluxgenError(view.problems);
    const text = manifestText([...alreadyOwned, ...adopted, ...kept]);
    if (state.status !== 'ok' || state.text !== text) {
      applyChanges(fs, view, [{ kind: kind === 'file' ? 'update' : 'create', path: MANIFEST, text }]);
    }
    return { adopted, alreadyOwned, refused, manifest: state.status };
  });
}

/** A tree made ready for a write: locked, an interrupted write completed, stray temp files gone. */
interface OpenTree {
  readonly view: TreeView;
  release(): Promise<void>;
}

/**
 * Checks the way to the tree, creates the tree's folder, takes the lock, completes an
 * interrupted write and removes stray temp files. A failure is thrown as FILE_IO_FAILED (or the
 * FluxgenError it is) saying what state the tree is in, with the lock released.
 */
async function openTree(fs: TreeFs, root: string, context: Omit<WriteContext, 'fs'>): Promise<OpenTree> {
  const made: string[] = [];
  let release: (() => Promise<void>) | undefined;
  let outcome = NOTHING_CHANGED;
  try {
    const outer = new TreeView(fs, root, context.cluster);
    if (!outer.checkRoot(context.guardFrom ?? dirname(root))) throw new FluxgenError(outer.problems);
    for (let dir = root; outer.lstat(dir) === undefined; dir = dirname(dir)) made.unshift(dir);
    for (const dir of made) fs.mkdir(dir);
    release = await acquireLock(root, context);

    const journal = readJournal(fs, root);
    if (typeof journal === 'string') throw interrupted(root, journal, context.cluster);
    if (journal) {
      outcome = 'an earlier interrupted write could not be completed either; the next run tries again';
      recover(fs, root, journal);
      outcome = NOTHING_CHANGED;
    }
    removeStrayTemps(fs, root, new Set([join(root, LOCK)]));
    // A root made by this run holds nothing but the lock (unless another run got the lock first).
    const created = made.includes(root) && fs.readdir(root).every((entry) => entry.name === LOCK);
    return { view: new TreeView(fs, root, context.cluster, created), release };
  } catch (error) {
    if (release === undefined) for (const dir of made.reverse()) attempt(() => fs.rmdir(dir));
    await release?.();
    throw toError(error, outcome, context.cluster);
  }
}

/** Runs `body` on an open tree (see openTree), then releases it. */
async function withTree<T>(root: string, context: WriteContext, body: (fs: TreeFs, view: TreeView) => T): Promise<T> {
  const fs = guardFs(context.fs ?? nodeTreeFs);
  const open = await openTree(fs, root, context);
  try {
    return body(fs, open.view);
  } catch (error) {
    throw toError(error, NOTHING_CHANGED, context.cluster);
  } finally {
    await open.release();
  }
}

/** A write's failure as the coded error the user sees: FILE_IO_FAILED saying what state the tree is in. */
function toError(error: unknown, outcome: string, cluster: string | undefined): unknown {
  if (error instanceof IoFailure) return ioError(error, outcome, cluster);
  if (error instanceof ApplyInterrupted) return ioError(error.failure, INTERRUPTED, cluster);
  if (error instanceof CleanupFailed) return ioError(error.failure, CLEANUP, cluster);
  return error;
}

/** The plan, and the changes (manifest last) that carry it out. */
function planTree(view: TreeView, files: ReadonlyMap<string, string>): { plan: WritePlan; changes: Change[] } {
  const { root } = view;
  const { cluster } = view;
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  const changes = new Map<string, { before?: string; after?: string }>();
  const problems: Diagnostic[] = [];
  const read = (path: string) => view.read(path);

  const rootExists = view.lstat(root) === 'dir';
  const manifestKind = rootExists ? view.kind(MANIFEST) : undefined;
  if (manifestKind === 'dir' || manifestKind === 'other') view.report(join(root, MANIFEST), manifestKind, 'file');
  const manifest: ManifestState = manifestKind === 'file' ? parseManifest(read(MANIFEST)) : { status: 'missing' };
  if (manifest.status === 'corrupt') problems.push(manifestCorrupt(join(root, MANIFEST), manifest.reason, cluster));
  const owned = manifest.status === 'ok' ? manifest.files : new Set<string>();
  const unowned: string[] = [];

  for (const [path, after] of files) {
    if (!isSafeRelative(path)) {
      problems.push(outsideTree(path, cluster));
      continue;
    }
    const kind = rootExists ? view.kind(path) : undefined;
    if (kind === undefined) {
      created.push(path);
      changes.set(path, { after });
    } else if (kind === 'dir' || kind === 'other') {
      view.report(inTree(root, path), kind, 'file');
    } else if (kind === 'file') {
      if (manifest.status !== 'ok') {
        unowned.push(path);
        continue;
      }
      const before = read(path);
      if (!owned.has(path)) {
        problems.push({
          code: 'FILE_NOT_OWNED',
          ...(cluster ? { cluster } : {}),
          path: inTree(root, path),
          message: 'exists but was not generated by fluxgen; it will not be overwritten',
          hint:
            before === after
              ? `its content is exactly what fluxgen generates: \`fluxgen adopt ${cluster ?? '<cluster>'}\` takes ownership of it`
              : 'move the file out of the generated tree (or rename the component), then run generate again',
        });
      } else if (before === after) {
        unchanged.push(path);
      } else {
        updated.push(path);
        changes.set(path, { before, after });
      }
    }
  }
  if (manifest.status === 'missing' && manifestKind === undefined && unowned.length > 0) problems.unshift(manifestMissing(join(root, MANIFEST), unowned.length, cluster));
  for (const path of [...owned].sort()) {
    if (files.has(path) || view.kind(path) !== 'file') continue; // a link is reported by kind(); anything else is not fluxgen's file
    removed.push(path);
    changes.set(path, { before: read(path) });
  }
  const all = [...view.problems, ...problems];
  if (all.length > 0) throw new FluxgenError(all);

  const steps: Change[] = [
    ...created.map((path): Change => ({ kind: 'create', path, text: files.get(path)! })),
    ...updated.map((path): Change => ({ kind: 'update', path, text: files.get(path)! })),
    ...removed.map((path): Change => ({ kind: 'remove', path })),
  ];
  const text = manifestText(files.keys());
  if (manifest.status !== 'ok' || manifest.text !== text) {
    steps.push({ kind: manifest.status === 'ok' ? 'update' : 'create', path: MANIFEST, text });
  }
  return { plan: { created, updated, unchanged, removed, changes }, changes: steps };
}

function interrupted(root: string, journal: unknown, cluster: string | undefined): FluxgenError {
  const unreadable = typeof journal === 'string';
  return new FluxgenError([
    {
      code: 'TREE_INTERRUPTED',
      ...(cluster ? { cluster } : {}),
      path: join(root, JOURNAL),
      message: unreadable
        ? `an earlier write was interrupted, and its journal cannot be used: ${journal}`
        : 'an earlier write was interrupted part-way: the tree is a mix of old and new files until it is completed',
      hint: unreadable
        ? `restore the tree from git (\`git checkout -- ${root}\`), delete the journal and any .fluxgen-tmp-* files, then run generate`
        : `run \`fluxgen generate${cluster ? ` ${cluster}` : ''}\`: it completes the interrupted write first`,
    },
  ]);
}

function outsideTree(path: string, cluster: string | undefined): Diagnostic {
  return {
    code: 'POLICY_INVALID_NAME',
    ...(cluster ? { cluster } : {}),
    path,
    message: 'is not a relative path inside the tree; the writer refuses it',
    hint: 'a component renders a file name with `..`, `/` at the start or an empty segment: rename it',
  };
}

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // best effort: an empty folder left behind is harmless
  }
}
