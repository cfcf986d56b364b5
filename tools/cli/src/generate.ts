/**
 * `fluxgen generate`: load each cluster's `cluster.ts`, render it in memory, then write, preview
 * (`--dry-run`) or verify (`--check`) its `flux/infra` tree.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  FluxgenError,
  isClusterDefinition,
  planWrite,
  renderCluster,
  writeTree,
  type Diagnostic,
  type RenderedCluster,
  type WritePlan,
} from '@fluxgen/core';

export interface GenerateOptions {
  /** Workspace root (the folder holding `clusters/`). */
  readonly root: string;
  /** Cluster names or folders; empty: every `clusters/<name>/cluster.ts`. */
  readonly clusters: readonly string[];
  /** Compare only; report the differences as a stale tree. */
  readonly check?: boolean;
  /** Compare only; report what would change. */
  readonly dryRun?: boolean;
}

/** What happened to one cluster's tree. */
export interface ClusterOutcome {
  readonly cluster: string;
  /** `clusters/<name>/flux/infra`, relative to the root. */
  readonly tree: string;
  readonly plan: WritePlan;
}

/**
 * Renders every requested cluster first; if any has a problem, throws a FluxgenError with all of
 * them and writes nothing. Otherwise writes (or, with check/dryRun, only plans) each tree.
 */
export async function generate(options: GenerateOptions): Promise<ClusterOutcome[]> {
  const dirs = selectClusters(options.root, options.clusters);
  const rendered: { dir: string; result: RenderedCluster }[] = [];
  const problems: Diagnostic[] = [];
  for (const dir of dirs) {
    try {
      rendered.push({ dir, result: await renderDir(options.root, dir) });
    } catch (error) {
      if (error instanceof FluxgenError) problems.push(...error.diagnostics);
      else throw error;
    }
  }
  if (problems.length > 0) throw new FluxgenError(problems);

  const outcomes: ClusterOutcome[] = [];
  for (const { dir, result } of rendered) {
    const tree = join(dir, 'flux', 'infra');
    const abs = join(options.root, tree);
    const context = { cluster: result.model.name };
    const plan =
      options.check || options.dryRun ? planWrite(abs, result.files, context) : await writeTree(abs, result.files, context);
    outcomes.push({ cluster: result.model.name, tree: toPosix(tree), plan });
  }
  return outcomes;
}

/** Cluster folders (relative to root) for the given names or paths. */
export function selectClusters(root: string, wanted: readonly string[]): string[] {
  const all = existsSync(join(root, 'clusters'))
    ? readdirSync(join(root, 'clusters'), { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(root, 'clusters', e.name, 'cluster.ts')))
        .map((e) => join('clusters', e.name))
        .sort()
    : [];
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
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(join(root, source)).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new FluxgenError([
      {
        code: 'CLUSTER_LOAD_FAILED',
        cluster: name,
        source,
        message: `could not be loaded: ${(error as Error).message.split('\n')[0]}`,
        hint: 'run `npx tsc -b` to see type errors in cluster.ts',
      },
    ]);
  }
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
