/**
 * Helpers for component and cluster tests (`@fluxgen/core/testing`): render a small cluster in
 * memory, and compare a rendered tree with a golden folder laid out exactly as Flux reads it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
