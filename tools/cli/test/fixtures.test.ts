/**
 * The bad-input corpus: every `packages/<component>/test/invalid/*.ts` is a cluster that breaks
 * one rule (mistakes across components, which import several packages, are in `tools/fixtures/invalid/`). Its header names the rule and the expected code and value path:
 *
 *     // rule: <the rule it breaks>
 *     // expect: <CODE> <path, or - when the problem has no value path>
 *
 * Each one is run through the real command line against a tree generated from a valid cluster,
 * and must exit 1, report that code at that path, and leave the tree byte-identical. Files a
 * fixture keeps beside its cluster (e.g. `secrets/…`) sit in `<fixture>.files/`, copied into the
 * cluster's folder. The corpus
 * has at least 40 fixtures, expects only codes of the ErrorCode union, and covers every code about
 * input. `FLUXGEN_FIXTURE_TABLE=1 npx vitest run tools/cli/test/fixtures.test.ts` prints it as a
 * table (file, code, path).
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineCluster, renderCluster, writeTree } from '@fluxgen/core';
import { probe } from './support/probe.js';
import { run } from '../src/index.js';
import { REPO, snapshot, tempWorkspace, writeCluster } from './workspace.js';

interface Fixture {
  readonly file: string;
  readonly rule: string;
  readonly code: string;
  readonly path: string | undefined;
}

/** Where fixtures live: each component's own, and tools/fixtures for mistakes across components. */
function fixtureDirs(): string[] {
  return [
    ...readdirSync(join(REPO, 'packages')).map((pkg) => join(REPO, 'packages', pkg, 'test', 'invalid')),
    join(REPO, 'tools', 'fixtures', 'invalid'),
  ];
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of fixtureDirs()) {
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.ts'))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const rule = /^\/\/ rule: (.+)$/m.exec(text)?.[1];
      const expectLine = /^\/\/ expect: (\S+) (\S+)$/m.exec(text);
      if (!rule || !expectLine) throw new Error(`${file}: needs "// rule:" and "// expect: CODE path" header lines`);
      out.push({ file, rule, code: expectLine[1]!, path: expectLine[2] === '-' ? undefined : expectLine[2] });
    }
  }
  return out;
}

const workspaces: (() => void)[] = [];
afterAll(() => workspaces.forEach((dispose) => dispose()));

/** A tree generated once from a valid cluster; each fixture's workspace gets a copy (no fsync per fixture). */
let template: string;
beforeAll(async () => {
  const { root, dispose } = tempWorkspace();
  workspaces.push(dispose);
  template = join(root, 'tree');
  await writeTree(template, renderCluster(defineCluster({ name: 'fixture', components: [probe()] })).files);
}, 120_000);

describe('bad-input fixtures', () => {
  const all = fixtures();

  it('cover every component package with at least one fixture', () => {
    const packages = new Set(all.filter((f) => f.file.includes('/packages/')).map((f) => f.file.split('/packages/')[1]!.split('/')[0]));
    expect(packages.size).toBeGreaterThanOrEqual(2);
    expect(all.length).toBeGreaterThanOrEqual(40);
  });

  it('expect only real error codes, and cover every rule about input', () => {
    // The ErrorCode union, read from its source so a renamed code cannot leave a fixture behind.
    const source = readFileSync(join(REPO, 'packages/core/src/errors.ts'), 'utf8');
    const union = source.slice(source.indexOf('export type ErrorCode'), source.indexOf(';', source.indexOf('export type ErrorCode')));
    const codes = new Set([...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]));
    expect(all.filter((f) => !codes.has(f.code)).map((f) => `${f.file}: ${f.code}`)).toEqual([]);
    const covered = new Set(all.map((f) => f.code));
    // Codes about the tree on disk and the command line are tested in cli.test.ts, kill.test.ts and
    // packages/core/test/writer*.test.ts.
    const input = [...codes].filter(
      (c) =>
        ![
          'FILE_NOT_OWNED',
          'TREE_STALE',
          'TREE_LOCKED',
          'CLUSTER_NOT_FOUND',
          'CLUSTER_LOAD_FAILED',
          'CLUSTER_INVALID',
          'VALUE_MISSING',
          'TREE_SYMLINK',
          'TREE_PATH_BLOCKED',
          'TREE_INTERRUPTED',
          'FILE_IO_FAILED',
          'FILE_ADOPT_REFUSED',
          'MANIFEST_MISSING',
          'MANIFEST_CORRUPT',
          'INTERNAL_ERROR',
          // `fluxgen chart pull` / `chart diff`: tested against local servers in chart-*.test.ts.
          'CHART_PULL_UNREACHABLE',
          'CHART_PULL_VERSION_MISSING',
          'CHART_PULL_DIGEST_MISMATCH',
          'CHART_PULL_NO_VALUES',
          'CHART_UPGRADE_DROPS_KEYS',
          // A warning, not a bad input (the run succeeds): tested in deprecation.test.ts.
          'COMPONENT_DEPRECATED',
        ].includes(c!),
    );
    expect(input.filter((c) => !covered.has(c!))).toEqual([]);
  });

  it('lists the corpus (file → code and path) with FLUXGEN_FIXTURE_TABLE=1', () => {
    const rows = all.map((f) => `| ${shortName(f.file)} | ${f.code} | ${f.path ?? '-'} |`);
    if (process.env['FLUXGEN_FIXTURE_TABLE'] === '1') console.info(['| Fixture | Code | Path |', '|---|---|---|', ...rows].join('\n'));
    expect(rows.length).toBe(all.length);
  });

  it.each(all.map((f) => [shortName(f.file), f] as const))('%s', async (_name, fixture) => {
    const { root, dispose } = tempWorkspace();
    workspaces.push(dispose);
    // A tree generated earlier from a valid cluster, which the failed run must leave alone.
    const tree = join(root, 'clusters', 'fixture', 'flux', 'infra');
    cpSync(template, tree, { recursive: true });
    const before = snapshot(tree);
    writeCluster(root, 'fixture', `export { default } from ${JSON.stringify(fixture.file)};\n`);
    const beside = fixture.file.replace(/\.ts$/, '.files');
    if (existsSync(beside)) cpSync(beside, join(root, 'clusters', 'fixture'), { recursive: true });

    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let code: number;
    try {
      code = await run(['generate', 'fixture', '--root', root]);
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }

    expect(code, errors.join('\n')).toBe(1);
    const output = errors.join('\n');
    const where = fixture.path ? ` ${fixture.path}:` : ' ';
    // `[fixture/<component>]`, or `[fixture]` for what belongs to the cluster file itself.
    expect(output, `rule: ${fixture.rule}`).toMatch(new RegExp(`${fixture.code}\\S* \\[fixture(/[^\\]]+)?\\]${escape(where)}`));
    expect(snapshot(tree)).toEqual(before);
  });
});

/** `cilium/test/invalid/x.ts`, or `fixtures/invalid/x.ts` for the cross-component ones. */
function shortName(file: string): string {
  return file.includes('/packages/') ? file.split('/packages/')[1]! : file.split('/tools/')[1]!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
