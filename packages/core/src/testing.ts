/**
 * Helpers for component and cluster tests (`@fluxgen/core/testing`): render a small cluster in
 * memory, and compare a rendered tree with a golden folder laid out exactly as Flux reads it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { describe as Describe, expect as Expect, it as It } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { defineCluster, type ClusterOptions } from './cluster.js';
import type { ComponentInstance } from './component.js';
import { FluxgenError } from './errors.js';
import { renderCluster, type RenderedCluster } from './render.js';

/** The checks of a rendered cluster, for tests that feed them objects directly. */
export { runChecks } from './checks/index.js';

/** Renders `components` as a cluster named `test` (extra cluster options may be given). */
export function renderForTest(
  components: readonly ComponentInstance[],
  options: Partial<Omit<ClusterOptions, 'components'>> = {},
): RenderedCluster {
  return renderCluster(defineCluster({ name: 'test', ...options, components }));
}

/** Runs `run`, which must fail with a FluxgenError, and returns that error (its diagnostics and codes). */
export function problemsOf(run: () => unknown): FluxgenError {
  try {
    run();
  } catch (error) {
    if (error instanceof FluxgenError) return error;
    throw error;
  }
  throw new Error('expected a FluxgenError, but nothing failed');
}

/**
 * Differences between `files` and the golden folder, one line each (empty: identical). With
 * `UPDATE_GOLDEN=1` in the environment the folder is rewritten instead, and nothing is reported.
 */
export function goldenDiff(dir: string | URL, files: ReadonlyMap<string, string>): string[] {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    rmSync(root, { recursive: true, force: true });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return [];
  }
  const onDisk = listFiles(root);
  const problems: string[] = [];
  for (const path of onDisk) if (!files.has(path)) problems.push(`no longer rendered: ${path}`);
  for (const [path, text] of files) {
    if (!onDisk.includes(path)) problems.push(`not in golden: ${path}`);
    else if (readFileSync(join(root, path), 'utf8') !== text) problems.push(`differs: ${path}`);
  }
  return problems.length > 0 ? [...problems, '(run with UPDATE_GOLDEN=1 to accept, then review the diff)'] : [];
}

/** Parses a rendered YAML file into its documents (throws on any YAML error). */
export function parseYamlFile(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS();
  });
}

/** The single document of a rendered file, e.g. `doc(files, 'cilium/app/helmrelease.yaml')`. */
export function doc<T = Record<string, any>>(files: ReadonlyMap<string, string>, path: string): T {
  const text = files.get(path);
  if (text === undefined) throw new Error(`not rendered: ${path} (have: ${[...files.keys()].join(', ')})`);
  const docs = parseYamlFile(text);
  if (docs.length !== 1) throw new Error(`${path} has ${docs.length} documents`);
  return docs[0] as T;
}

/** A committed tree as it is on disk: every file by its path, without the writer's own bookkeeping (`.fluxgen*`). */
export function committedTree(root: string): Map<string, string> {
  return new Map(
    listFiles(root)
      .filter((path) => !path.split('/').pop()!.startsWith('.fluxgen'))
      .map((path) => [path, readFileSync(join(root, path), 'utf8')] as const),
  );
}

function listFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

let kubectl: boolean | undefined;
/** Whether `kubectl` (with its built-in kustomize) is on the PATH (asked once per process). */
export const hasKubectl = (): boolean => (kubectl ??= spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0);

/** What {@link kustomizeBuildAll} found: the folders that did not build, with kubectl's message. */
export interface KustomizeResult {
  readonly failures: readonly { readonly dir: string; readonly error: string }[];
  /** Documents built, over all folders. */
  readonly documents: number;
}

/**
 * `kubectl kustomize` of every folder in `dirs` (relative to `root`, each with a kustomization.yaml)
 * in one kubectl run: a throw-away kustomization lists them all as resources. Only when that fails
 * (a real failure, or one object in two folders, which each folder alone allows) is each folder
 * built alone, so that the failures name their folders. `loadRestrictor: 'none'` lets folders read
 * files outside themselves (as Flux's kustomize-controller does within the repository).
 */
export function kustomizeBuildAll(root: string, dirs: readonly string[], options: { loadRestrictor?: 'none' } = {}): KustomizeResult {
  const restrict = options.loadRestrictor === 'none' ? ['--load-restrictor', 'LoadRestrictionsNone'] : [];
  const build = (dir: string) => spawnSync('kubectl', ['kustomize', ...restrict, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const count = (yaml: string) => yaml.split('\n').filter((l) => l.startsWith('apiVersion: ')).length;
  const all = mkdtempSync(join(tmpdir(), 'fluxgen-kustomize-'));
  try {
    const resources = dirs.map((d) => relative(all, join(root, d)).split(sep).join('/'));
    writeFileSync(join(all, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`);
    const together = build(all);
    if (together.status === 0) return { failures: [], documents: count(together.stdout) };
  } finally {
    rmSync(all, { recursive: true, force: true });
  }
  const failures: { dir: string; error: string }[] = [];
  let documents = 0;
  for (const dir of dirs) {
    const alone = build(join(root, dir));
    if (alone.status !== 0 || count(alone.stdout) === 0) failures.push({ dir, error: alone.stderr.trim() || 'no object built' });
    documents += count(alone.stdout);
  }
  return { failures, documents };
}

/** The Vitest functions {@link kustomizeTests} registers its tests with (this module does not load Vitest itself). */
export interface TestApi {
  readonly describe: typeof Describe;
  readonly it: typeof It;
  readonly expect: typeof Expect;
}

/**
 * Registers, inside the calling `describe`, the test that every folder of `paths` holding a
 * kustomization.yaml builds with `kubectl kustomize` ({@link kustomizeBuildAll}, folders relative to
 * `root`). Without kubectl the test is skipped, and says so, naming `what`.
 */
export function kustomizeTests(test: TestApi, root: string, paths: Iterable<string>, what: string): void {
  const kubectl = hasKubectl();
  const dirs = [...paths].filter((p) => p.endsWith('kustomization.yaml')).map((p) => dirname(p));
  test.describe.skipIf(!kubectl)('kubectl kustomize', () => {
    test.it(`builds every kustomization.yaml (${dirs.length})`, () => {
      const result = kustomizeBuildAll(root, dirs);
      test.expect(result.failures).toEqual([]);
      test.expect(result.documents).toBeGreaterThanOrEqual(dirs.length);
    });
  });
  if (!kubectl) {
    test.it.skip('kubectl kustomize: SKIPPED because kubectl is not installed (install kubectl to build every kustomization.yaml)', () => {});
    console.warn(`SKIP: kubectl not found; the kustomize builds of ${what} did not run`);
  }
}
