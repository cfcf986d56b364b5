/**
 * How the bundled CLI imports cluster files (src/bundled-import.ts): workspace packages from the
 * bundle (one shared instance), a package edited since the build, and everything that depends on
 * it, from its sources; local files compiled in with their own `import.meta`; errors located in
 * the sources. Runs the real bundle (`npm run build`, which `npm test` runs first) in one child
 * process (Node's own loader, as in `fluxgen`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM modules of the bin and the build, without types
import { BUNDLE, bundleManifest, isBundled, workspacePackages } from '../bin/build-state.mjs';
import { REPO, tempWorkspace } from './workspace.js';

const packages = [...(workspacePackages() as Map<string, string>)];
const current = bundleManifest() as unknown;
const built = packages.every(([name]) => isBundled(current, name));
if (!built) console.warn('bundled-import.test.ts: skipped, the bundle is missing or stale (run `npm run build`; `npm test` does)');

let ws: { root: string; dispose: () => void };
const out = BUNDLE as string;

interface Loaded {
  readonly ok: boolean;
  /** How the file was compiled: 'oxc-transform' (alone) or 'esbuild' (bundled). */
  readonly by?: string;
  readonly value?: Record<string, unknown>;
  readonly error?: Record<string, unknown>;
}
interface Job {
  readonly file: string;
  readonly stale?: string[];
  /** Body of an async function of (m: the cluster's default export, entry: import of a bundle entry) whose result is reported. */
  readonly probe?: string;
}

/** Imports each job's file as the bundled CLI would (with the packages under `stale` counted as edited), all in one child process. */
function loadAll(jobs: readonly Job[], nodeArgs: readonly string[] = []): Loaded[] {
  const script = `
    import { readFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { sourceHash } from ${JSON.stringify(pathToFileURL(join(REPO, 'tools/cli/bin/build-state.mjs')).href)};
    const out = ${JSON.stringify(out)};
    const cli = await import(${JSON.stringify(pathToFileURL(join(out, 'cli.js')).href)});
    const manifest = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'));
    const entry = (name) => import(new URL(manifest.entries[name], 'file://' + out + '/').href);
    const results = [];
    for (const job of ${JSON.stringify(jobs.map((j) => ({ file: j.file, stale: j.stale ?? [], probe: j.probe ?? 'return {};' })))}) {
      const hashOf = (dir) => (job.stale.some((s) => dir.endsWith(s)) ? 'edited' : sourceHash(dir));
      let by;
      try {
        const m = await cli.bundledImporter(out, ${JSON.stringify(REPO)}, manifest, hashOf, (file, how) => (by = file === job.file ? how : 'another file: ' + file))(job.file);
        const probe = new (Object.getPrototypeOf(async () => {}).constructor)('m', 'entry', job.probe);
        results.push({ ok: true, by, value: await probe(m, entry) });
      } catch (e) {
        results.push({ ok: false, by, error: { name: e.name, kind: e.kind, message: e.message, file: e.file, line: e.line, column: e.column, stack: e.stack } });
      }
    }
    console.log(JSON.stringify(results));`;
  const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Loaded[];
}

/** Writes a cluster folder of the temporary workspace; returns its cluster.ts. */
function cluster(name: string, files: Record<string, string>): string {
  const dir = join(ws.root, 'clusters', name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return join(dir, 'cluster.ts');
}

const ERRORS = [
  ['a syntax error', `import { defineCluster } from '@fluxgen/core';\nexport default defineCluster({ name: 'x', components: [ });\n`, 'syntax', /^Unexpected "}"$/, 2],
  ['a missing package', `import { nothing } from '@fluxgen/nonexistent';\nexport default nothing;\n`, 'missing-import', /^Cannot find package '@fluxgen\/nonexistent'/, 1],
  ['an export the bundled package lacks', `import { defineCluster } from '@fluxgen/core';\nimport { nope } from '@fluxgen/metrics-server';\nexport default defineCluster({ name: 'x', components: [nope] });\n`, 'missing-import', /^The requested module '@fluxgen\/metrics-server' does not provide an export named 'nope'$/, 2],
  ['an export a local file lacks', `import { nope } from './local.ts';\nexport default nope;\n`, 'missing-import', /does not provide an export named 'nope'$/, 1],
] as const;

const STALE_PROBE = `
  return { metricsServer: m.metricsServer === (await entry('@fluxgen/metrics-server')).metricsServer,
           certManager: m.certManager === (await entry('@fluxgen/cert-manager')).certManager,
           core: m.core.defineCluster === (await entry('@fluxgen/core')).defineCluster,
           renders: [...m.core.renderCluster(m.core.defineCluster({ name: 'x', components: [m.metricsServer(), m.certManager()] })).files.keys()].filter((f) => f.endsWith('helmrelease.yaml')).sort() };`;

/** Every case's result, from one child process. */
let results: Record<string, Loaded> = {};
beforeAll(() => {
  if (!built) return;
  ws = tempWorkspace();
  const stale = cluster('stale', {
    'cluster.ts': `import { metricsServer } from '@fluxgen/metrics-server';\nimport { certManager } from '@fluxgen/cert-manager';\nimport * as core from '@fluxgen/core';\nexport default { metricsServer, certManager, core };\n`,
  });
  const jobs: Record<string, Job> = {
    fresh: {
      file: cluster('fresh', {
        'cluster.ts': `import { metricsServer } from '@fluxgen/metrics-server';\nimport * as core from '@fluxgen/core';\nimport { where } from './local.ts';\nexport default { metricsServer, core, where, own: import.meta.url };\n`,
        'local.ts': `const folder: string = import.meta.dirname;\nexport const where = { url: import.meta.url, folder, file: import.meta.filename, text: 'import.meta.url' };\n`,
      }),
      probe: `return { sameComponent: m.metricsServer === (await entry('@fluxgen/metrics-server')).metricsServer,
                       sameCore: m.core.defineCluster === (await entry('@fluxgen/core')).defineCluster, where: m.where, own: m.own };`,
    },
    alone: {
      file: cluster('alone', {
        'cluster.ts': [
          `import type { Document } from 'yaml';`,
          `import { metricsServer } from '@fluxgen/metrics-server';`,
          `import * as core from '@fluxgen/core';`,
          `import { sep } from 'node:path';`,
          `enum Tier { Small = 1 }`,
          `const doc: Document | undefined = undefined;`,
          `export default { metricsServer, core, sep, tier: Tier.Small, doc, own: import.meta.url, later: () => import('@fluxgen/cert-manager') } satisfies object;`,
          '',
        ].join('\n'),
      }),
      probe: `return { sameComponent: m.metricsServer === (await entry('@fluxgen/metrics-server')).metricsServer,
                       sameCore: m.core.defineCluster === (await entry('@fluxgen/core')).defineCluster,
                       sameLater: (await m.later()).certManager === (await entry('@fluxgen/cert-manager')).certManager,
                       sep: m.sep, tier: m.tier, doc: m.doc ?? null, own: m.own };`,
    },
    otherPackage: {
      file: cluster('other', { 'cluster.ts': `import { stringify } from 'yaml';\nexport default { text: stringify({ a: 1 }) };\n` }),
      probe: 'return m;',
    },
    throwsAlone: {
      file: cluster('throws-alone', {
        'cluster.ts': `import { defineCluster } from '@fluxgen/core';\nconst replicas: number = Number('x');\nif (Number.isNaN(replicas)) throw new Error('not a number, alone');\nexport default defineCluster;\n`,
      }),
    },
    staleComponent: { file: stale, stale: ['packages/metrics-server'], probe: STALE_PROBE },
    staleCore: { file: stale, stale: ['packages/core'], probe: STALE_PROBE },
    throws: {
      file: cluster('throws', {
        'cluster.ts': `import { check } from './local.ts';\nconst replicas: number = Number('x');\ncheck(replicas);\nexport default {};\n`,
        'local.ts': `export function check(n: number): void {\n  if (Number.isNaN(n)) throw new Error('not a number');\n}\n`,
      }),
    },
  };
  for (const [i, [, source]] of ERRORS.entries()) jobs[`error${i}`] = { file: cluster(`error${i}`, { 'cluster.ts': source, 'local.ts': 'export const here = 1;\n' }) };
  const names = Object.keys(jobs);
  const loaded = loadAll(names.map((n) => jobs[n]!));
  results = Object.fromEntries(names.map((n, i) => [n, loaded[i]!]));
  // As on a platform without oxc-transform's native binding: importing it fails.
  const noBinding = `data:text/javascript,${encodeURIComponent(
    `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, next) { if (s === 'oxc-transform') throw new Error('Cannot find native binding'); return next(s, c); }"));`,
  )}`;
  results['aloneWithoutOxc'] = loadAll([jobs['alone']!], ['--import', noBinding])[0]!;
}, 120_000);
afterAll(() => ws?.dispose());

describe.skipIf(!built)('the bundled importer', () => {
  it('takes workspace packages from the bundle, compiles local files in, each with its own import.meta', () => {
    const r = results['fresh']!;
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value).toEqual({
      sameComponent: true,
      sameCore: true,
      where: { url: pathToFileURL(join(ws.root, 'clusters/fresh/local.ts')).href, folder: join(ws.root, 'clusters/fresh'), file: join(ws.root, 'clusters/fresh/local.ts'), text: 'import.meta.url' },
      own: pathToFileURL(join(ws.root, 'clusters/fresh/cluster.ts')).href,
    });
  });

  it('compiles the usual cluster.ts alone with oxc-transform: bundled packages, Node modules, types erased, its own import.meta', () => {
    const r = results['alone']!;
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.by).toBe('oxc-transform');
    expect(r.value).toEqual({ sameComponent: true, sameCore: true, sameLater: true, sep: '/', tier: 1, doc: null, own: pathToFileURL(join(ws.root, 'clusters/alone/cluster.ts')).href });
    expect(results['throwsAlone']!.by).toBe('oxc-transform');
  });

  it('compiles it with esbuild, to the same module, where oxc-transform cannot load', () => {
    const r = results['aloneWithoutOxc']!;
    expect(r.by).toBe('esbuild');
    expect(r).toEqual({ ...results['alone'], by: 'esbuild' });
  });

  it('leaves to esbuild what oxc-transform alone cannot do: local files, other packages, edited packages, syntax errors', () => {
    expect(results['fresh']!.by).toBe('esbuild');
    expect(results['otherPackage']!).toEqual({ ok: true, by: 'esbuild', value: { text: 'a: 1\n' } });
    expect(results['staleComponent']!.by).toBe('esbuild');
    expect(results['error0']!.by).toBe('esbuild'); // the syntax error, located by esbuild
    expect(results['error1']!.by).toBe('esbuild'); // a package the bundle lacks
    expect(results['error2']!.by).toBe('oxc-transform'); // compiles; Node's linking finds the missing export
  });

  it('compiles a package edited since the build from its sources, and what depends on it too', () => {
    // …and renders with them: a component from its sources works with the bundle's core.
    const renders = ['cert-manager/app/helmrelease.yaml', 'metrics-server/app/helmrelease.yaml'];
    expect(results['staleComponent']!.value).toEqual({ metricsServer: false, certManager: true, core: true, renders });
    // Every component depends on core: an edited core brings them all from their sources, with that core.
    expect(results['staleCore']!.value).toEqual({ metricsServer: false, certManager: false, core: false, renders });
  });

  it.each(ERRORS.map((e, i) => [e[0], i, e[2], e[3], e[4]] as const))('locates %s in the sources', (_name, i, kind, message, line) => {
    const r = results[`error${i}`]!;
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'LocatedLoadError', kind, file: join(ws.root, `clusters/error${i}/cluster.ts`), line });
    expect(r.error!['message']).toMatch(message);
  });

  it('maps the stack of an error thrown while the cluster is evaluated to the sources', () => {
    const r = results['throws']!;
    expect(r.error!['message']).toBe('not a number');
    const stack = r.error!['stack'] as string;
    expect(stack).not.toContain('data:');
    expect(stack).toContain(`${join(ws.root, 'clusters/throws/local.ts')}:2:`);
    expect(stack).toContain(`${join(ws.root, 'clusters/throws/cluster.ts')}:3:1`);
    const alone = results['throwsAlone']!;
    expect(alone.error!['message']).toBe('not a number, alone');
    expect(alone.error!['stack']).not.toContain('data:');
    expect(alone.error!['stack']).toContain(`${join(ws.root, 'clusters/throws-alone/cluster.ts')}:3:`);
  });
});

describe.skipIf(!built)('bin/fluxgen.js', () => {
  it.each([
    [{}, 'running the bundle'],
    [{ FLUXGEN_FROM_SOURCE: '1' }, 'running from the TypeScript sources'],
  ])('with %j: %s, same output', (env, mode) => {
    const r = spawnSync(process.execPath, [join(REPO, 'tools/cli/bin/fluxgen.js'), 'generate', '--check', 'edge', '--debug'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(r.stderr).toContain(`fluxgen: ${mode}`);
    if (mode === 'running the bundle') expect(r.stderr).toContain('fluxgen: clusters/edge/cluster.ts compiled by oxc-transform');
    expect(r.stdout).toMatch(/^edge: up to date: 0 created, 0 updated, \d+ unchanged, 0 removed/m);
    expect(r.status).toBe(0);
  });

  it("runs with the V8 flags the build wrote the validators' code caches under: V8 uses every cache", () => {
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, [join(REPO, 'tools/cli/bin/fluxgen.js'), 'generate', '--check', 'homelab', '--debug'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env } });
      expect(r.status, r.stderr).toBe(0);
      const m = /^fluxgen: V8 flags: (.+); validator code caches: (\d+) used, (\d+) rejected$/m.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      return { flags: m![1], used: Number(m![2]), rejected: Number(m![3]) };
    };
    const tuned = run({});
    expect(tuned.used).toBeGreaterThan(0);
    expect(tuned.rejected).toBe(0);
    if (!process.versions.v8.startsWith('11.')) return; // no tuning measured for this V8: nothing to tell apart
    expect(tuned.flags).toBe('--interrupt-budget=540672');
    // Run with V8's defaults, the same caches are all rejected: the flags are what the check above sees.
    const plain = run({ FLUXGEN_V8_TUNING: '0' });
    expect(plain).toEqual({ flags: "V8's defaults", used: 0, rejected: tuned.used });
  });

  it('writes the same bytes with the memos that share work between clusters turned off (FLUXGEN_MEMO=0)', () => {
    // All of the repository's clusters in one process, each rendered on its own; with the memos on,
    // what they share is serialised and checked once (the committed trees were written so, and
    // `npm test` ends with the same check, memos on).
    const r = spawnSync(process.execPath, [join(REPO, 'tools/cli/bin/fluxgen.js'), 'generate', '--check'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, FLUXGEN_MEMO: '0' } });
    expect(r.stdout.match(/: up to date: /g)?.length, r.stdout + r.stderr).toBeGreaterThanOrEqual(4);
    expect(r.status, r.stderr).toBe(0);
  });
});
