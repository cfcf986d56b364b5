/**
 * `fluxgen generate` and `fluxgen adopt`: load each cluster's `cluster.ts`, render it in memory,
 * then write, preview (`--dry-run`) or verify (`--check`) its `flux/infra` tree, or take ownership
 * of the files already there.
 */
import { committedVersion, diffChart, formatDiff, instancesOf } from './chart-diff.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  adoptTree,
  FluxgenError,
  isClusterDefinition,
  nodeTreeFs,
  planWrite,
  renderCluster,
  writeInBatches,
  writeTrees,
  type AdoptResult,
  type BatchReport,
  type BatchSizer,
  type Diagnostic,
  type RenderedCluster,
  type TreeFs,
  type WritePlan,
} from '@fluxgen/core';
import { loadCluster } from './load.js';
import { whileWriting } from './signals.js';

export interface GenerateOptions {
  /** Workspace root (the folder holding `clusters/`). */
  readonly root: string;
  /** Cluster names or folders; empty: every `clusters/<name>/cluster.ts`. */
  readonly clusters: readonly string[];
  /** Compare only; report the differences as a stale tree. */
  readonly check?: boolean;
  /** Compare only; report what would change. */
  readonly dryRun?: boolean;
  /** The file system the writer uses (tests inject failures). @default the real one */
  readonly fs?: TreeFs;
  /** How the trees are grouped into batches (tests pass their own sizer). @default a new BatchSizer */
  readonly batches?: BatchSizer;
  /** Told of each batch written (`--debug` prints it). */
  readonly onBatch?: (batch: BatchReport) => void;
}

/** What happened to one cluster's tree. */
export interface ClusterOutcome {
  readonly cluster: string;
  /** `clusters/<name>/flux/infra`, relative to the root. */
  readonly tree: string;
  readonly plan: WritePlan;
  /** What each chart version change against the committed tree means for this cluster (`chart diff`'s report). */
  readonly upgrades: readonly string[];
  /** Warnings of the render (COMPONENT_DEPRECATED): printed on stderr, the exit code stays 0. */
  readonly warnings: readonly Diagnostic[];
}

/** What `adopt` did to one cluster's tree. */
export interface AdoptOutcome {
  readonly cluster: string;
  readonly tree: string;
  readonly result: AdoptResult;
}

/**
 * What a rendered cluster keeps until its tree is written: its files and what is printed about
 * it. The model and the documents go as soon as it is rendered (with a hundred clusters, keeping
 * them costs the garbage collector and memory for nothing).
 */
interface Rendered {
  readonly dir: string;
  readonly cluster: string;
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Diagnostic[];
  /** What each chart version change against the committed tree means (read before anything is written). */
  readonly upgrades: readonly string[];
}

/**
 * Renders every requested cluster first; if any has a problem, throws a FluxgenError with all of
 * them and writes nothing. Otherwise writes (or, with check/dryRun, only plans) each tree; the
 * trees are written in batches sized by time (core's BatchSizer: a batch holds its trees' locks
 * until it is written), each tree all or nothing.
 */
export async function generate(options: GenerateOptions): Promise<ClusterOutcome[]> {
  const outcomes: ClusterOutcome[] = [];
  const rendered = await renderAll(options);
  const fs = writerFs(options);
  const outcome = (r: Rendered, plan: WritePlan): ClusterOutcome => ({
    cluster: r.cluster,
    tree: toPosix(treeOf(r.dir)),
    plan,
    upgrades: r.upgrades,
    warnings: r.warnings,
  });
  if (options.check || options.dryRun) {
    for (const r of rendered) {
      const root = join(options.root, treeOf(r.dir));
      outcomes.push(outcome(r, planWrite(root, r.files, { ...contextOf(options, r), ...(fs ? { fs } : {}) })));
    }
    return outcomes;
  }
  const plans = await writeInBatches(
    rendered,
    (r) => r.files.size,
    (batch) => whileWriting(() => writeTrees(batch.map((r) => ({ root: join(options.root, treeOf(r.dir)), files: r.files, context: contextOf(options, r) })), fs ? { fs } : {})),
    { ...(options.batches ? { sizer: options.batches } : {}), ...(options.onBatch ? { onBatch: options.onBatch } : {}) },
  );
  return rendered.map((r, i) => outcome(r, plans[i]!));
}

/**
 * The report of every chart version that `cluster.ts` changes against the committed tree: keys the
 * cluster sets that the new version drops, renames or retypes, changed defaults, new requirements,
 * changed CRDs, deprecations and moves. Versions without vendored data are skipped (the render
 * already refused a missing target; an old version may be gone on purpose).
 */
function versionChanges(treeDir: string, result: RenderedCluster): string[] {
  const reports: string[] = [];
  if (!existsSync(treeDir)) return reports; // a new tree: nothing committed to compare with
  for (const c of result.model.components) {
    if (!c.source.chart) continue;
    if (sameVersionFile(treeDir, c.name, result)) continue;
    const committed = committedVersion(treeDir, c.name);
    if (committed === undefined || committed === c.source.version) continue;
    try {
      reports.push(formatDiff(diffChart(c.spec, committed, c.source.version, instancesOf(result.model.name, [c], c.spec.name))));
    } catch {
      reports.push(`${c.name}: ${committed} → ${c.source.version} (no vendored data for ${committed} to compare with)`);
    }
  }
  return reports;
}

/**
 * Whether the committed file that pins a component's version (the first of those committedVersion
 * reads that exists) is byte for byte the one rendered now: then the version did not change, and
 * the file need not be parsed.
 */
function sameVersionFile(treeDir: string, instance: string, result: RenderedCluster): boolean {
  for (const file of ['app/ocirepository.yaml', 'app/helmrelease.yaml', 'gitrepository.yaml']) {
    let committed: string;
    try {
      committed = readFileSync(join(treeDir, instance, file), 'utf8');
    } catch {
      continue;
    }
    return committed === result.files.get(`${instance}/${file}`);
  }
  return false;
}

/**
 * Takes ownership of the files in each cluster's tree whose bytes are exactly what fluxgen
 * generates (after the manifest was lost or damaged); refuses the others, by name.
 */
export async function adopt(options: Omit<GenerateOptions, 'check' | 'dryRun'>): Promise<AdoptOutcome[]> {
  const outcomes: AdoptOutcome[] = [];
  const fs = writerFs(options);
  for (const r of await renderAll(options, false)) {
    const tree = treeOf(r.dir);
    const adopted = await whileWriting(() => adoptTree(join(options.root, tree), r.files, { ...contextOf(options, r), ...(fs ? { fs } : {}) }));
    outcomes.push({ cluster: r.cluster, tree: toPosix(tree), result: adopted });
  }
  return outcomes;
}

/**
 * Renders every requested cluster, keeping what the write needs (see Rendered); with `upgrades`,
 * the chart version report of each against its committed tree (nothing is written before every
 * cluster is rendered, so this is the tree as it was).
 */
async function renderAll(options: Pick<GenerateOptions, 'root' | 'clusters'>, upgrades = true): Promise<Rendered[]> {
  const rendered: Rendered[] = [];
  const problems: Diagnostic[] = [];
  const causes: unknown[] = [];
  for (const dir of selectClusters(options.root, options.clusters)) {
    try {
      const result = await renderDir(options.root, dir);
      rendered.push({
        dir,
        cluster: result.model.name,
        files: result.files,
        warnings: result.warnings,
        upgrades: upgrades ? versionChanges(join(options.root, treeOf(dir)), result) : [],
      });
    } catch (error) {
      if (!(error instanceof FluxgenError)) throw error;
      problems.push(...error.diagnostics);
      if (error.cause !== undefined) causes.push(error.cause);
    }
  }
  if (problems.length > 0) {
    const error = new FluxgenError(problems);
    // The raw errors behind load failures, which --debug prints.
    if (causes.length > 0) error.cause = causes.length === 1 ? causes[0] : new AggregateError(causes, `${causes.length} errors`);
    throw error;
  }
  return rendered;
}

/** `clusters/<name>/flux/infra`, relative to the root. */
const treeOf = (dir: string) => join(dir, 'flux', 'infra');

/** Whom a write is for, and the folders above the tree it must find real (not links). */
function contextOf(options: Pick<GenerateOptions, 'root'>, r: Rendered): { cluster: string; guardFrom: string } {
  // Every folder below clusters/<name> (flux, flux/infra) must be a real folder, not a link.
  return { cluster: r.cluster, guardFrom: join(options.root, r.dir) };
}

/** The file system the writer uses: the options' (tests), the signal test aid's, or the real one (undefined). */
function writerFs(options: Pick<GenerateOptions, 'fs'>): TreeFs | undefined {
  return options.fs ?? signalAtStepFromEnv();
}

/**
 * A test aid for the whole-process tests: `FLUXGEN_TEST_SIGNAL_AT_STEP=<n>[:<signal>]` makes the
 * process send itself the signal (default SIGKILL) just before its n-th file-system call (0-based)
 * of a write: a kill, or a Ctrl-C, at an exact step, with no timing involved. Documented in
 * docs/development.md.
 */
function signalAtStepFromEnv(): TreeFs | undefined {
  const m = /^(\d+)(?::(SIG[A-Z]+))?$/.exec(process.env['FLUXGEN_TEST_SIGNAL_AT_STEP'] ?? '');
  if (!m) return undefined;
  const at = Number(m[1]);
  const signal = (m[2] ?? 'SIGKILL') as NodeJS.Signals;
  let n = 0;
  const fs = {} as Record<string, unknown>;
  for (const [name, call] of Object.entries(nodeTreeFs)) {
    fs[name] = (...args: unknown[]) => {
      if (n++ === at) process.kill(process.pid, signal);
      return (call as (...a: unknown[]) => unknown)(...args);
    };
  }
  return fs as unknown as TreeFs;
}

/** Cluster folders (relative to root) for the given names or paths. */
export function selectClusters(root: string, wanted: readonly string[]): string[] {
  let all: string[] = [];
  try {
    all = existsSync(join(root, 'clusters'))
      ? readdirSync(join(root, 'clusters'), { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(root, 'clusters', e.name, 'cluster.ts')))
          .map((e) => join('clusters', e.name))
          .sort()
      : [];
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new FluxgenError([
      {
        code: 'FILE_IO_FAILED',
        path: join(root, 'clusters'),
        message: `could not list the clusters: ${errno} (${(error as Error).message})`,
        hint: 'check that the folder exists and that you may read it (ls -ld), or pass --root',
      },
    ]);
  }
  if (wanted.length === 0) return all;
  return wanted.map((w) => {
    const asPath = relative(root, resolve(w));
    const match = all.find((d) => d === asPath || d === join('clusters', w) || d === w.replace(/\/$/, ''));
    if (!match) {
      throw new FluxgenError([
        {
          code: 'CLUSTER_NOT_FOUND',
          message: `no cluster "${w}" (looked for clusters/${w}/cluster.ts)`,
          hint: all.length > 0 ? `clusters here: ${all.map((d) => d.split(sep).pop()).join(', ')}` : 'create clusters/<name>/cluster.ts',
        },
      ]);
    }
    return match;
  });
}

async function renderDir(root: string, dir: string): Promise<RenderedCluster> {
  const source = toPosix(join(dir, 'cluster.ts'));
  const name = dir.split(sep).pop()!;
  const exported = await loadCluster(root, source, name);
  if (!isClusterDefinition(exported)) {
    throw new FluxgenError([
      {
        code: 'CLUSTER_LOAD_FAILED',
        cluster: name,
        source,
        message: 'has no cluster as its default export',
        hint: 'end cluster.ts with `export default defineCluster({ ... })`',
      },
    ]);
  }
  if (exported.options.name !== name) {
    throw new FluxgenError([
      {
        code: 'CLUSTER_INVALID',
        cluster: name,
        source,
        path: 'name',
        message: `must match its folder clusters/${name}`,
        got: exported.options.name,
        hint: `set name: '${name}', or rename the folder`,
      },
    ]);
  }
  return renderCluster(exported, { dir: toPosix(dir), root });
}

const toPosix = (p: string) => p.split(sep).join('/');
