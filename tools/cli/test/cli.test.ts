/**
 * The `fluxgen` command line. Most cases call `run()` in-process (fast, and the same code the
 * binary runs); the real binary is spawned where the process itself is the point: a smoke run, and
 * load errors, whose messages come from tsx's compiler and Node's module linker.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchSizer, MANIFEST, type BatchReport } from '@fluxgen/core';
import { generate, run } from '../src/index.js';
import { REPO, snapshot, tempWorkspace, writeCluster } from './workspace.js';
import { PROBE } from './support/probe.js';

const BIN = join(REPO, 'tools/cli/bin/fluxgen.js');
let root: string;
let dispose: () => void;

/** The real binary in `cwd`'s workspace, with colour variables cleared unless given. */
function spawnFluxgen(ws: string, env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const merged = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, FLUXGEN_DEBUG: undefined, ...env };
  const child = spawn(process.execPath, [BIN, ...args, '--root', ws], { env: merged as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

/** `run()` in-process, with its output captured and the colour variables as given. */
async function fluxgen(args: string[], env: Record<string, string | undefined> = { NO_COLOR: '1' }) {
  const out: string[] = [];
  const err: string[] = [];
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'FLUXGEN_DEBUG']) vi.stubEnv(name, env[name] as string);
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s).replace(/\n$/, '')), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s).replace(/\n$/, '')), true)),
  ];
  try {
    const code = await run([...args, '--root', root]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

const cluster = (name: string, replicas: number) => `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({ name: '${name}', components: [probe({ replicas: ${replicas} })] });
`;
const tree = (name: string) => join(root, 'clusters', name, 'flux/infra');

beforeAll(() => {
  ({ root, dispose } = tempWorkspace());
  writeCluster(root, 'lab', cluster('lab', 1));
});
afterAll(() => dispose());

// The two spawned runs go at once (in two workspaces); the in-process tests below need the first.
describe.concurrent('the fluxgen binary', () => {
  it('writes the tree and prints a summary line per cluster', { timeout: 120_000 }, async () => {
    const first = await spawnFluxgen(root, { NO_COLOR: '1' }, 'generate');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^lab: 7 created, 0 updated, 0 unchanged, 0 removed \(clusters\/lab\/flux\/infra\)$/m);
  });

  it('load errors carry file:line:column, the compiler’s or the error’s message, and a hint that fits', { timeout: 120_000 }, async () => {
    const clusters: Record<string, string> = {
      syntax: `import { defineCluster } from '@fluxgen/core';\nexport default defineCluster({ name: 'syntax', components: [ });\n`,
      missingpkg: `import { nothing } from '@fluxgen/nonexistent';\nexport default nothing;\n`,
      missingexport: `import { defineCluster } from '@fluxgen/core';\nimport { prob } from '${PROBE}';\nexport default defineCluster({ name: 'missingexport', components: [prob()] });\n`,
      typeerror: `import { defineCluster } from '@fluxgen/core';\nconst components = undefined as unknown as [];\nexport default defineCluster({ name: 'typeerror', components: components.map((c) => c) });\n`,
      throws: `import { defineCluster } from '@fluxgen/core';\nconst replicas = Number('x');\nif (Number.isNaN(replicas)) throw new Error('REPLICAS must be a number');\nexport default defineCluster({ name: 'throws', components: [] });\n`,
      throwstring: `const n: number = 1;\nif (n > 0) throw 'plain string';\nexport default n;\n`,
    };
    const ws = tempWorkspace();
    for (const [name, source] of Object.entries(clusters)) writeCluster(ws.root, name, source);
    try {
      // One run reports all of them.
      const r = await spawnFluxgen(ws.root, { NO_COLOR: '1' }, 'generate', ...Object.keys(clusters));
      expect(r.code).toBe(1);
      expect(r.err).not.toMatch(/^\s+at |Transform failed|TransformError/m);
      const block = (name: string) => {
        const start = r.err.indexOf(`CLUSTER_LOAD_FAILED [${name}]`);
        expect(start, `${name}:\n${r.err}`).toBeGreaterThanOrEqual(0);
        return r.err.slice(start, r.err.indexOf('\n', r.err.indexOf('hint:', start)));
      };
      expect(block('syntax')).toMatch(/could not be loaded: Unexpected "}"\n {2}in clusters\/syntax\/cluster\.ts:2:\d+\n {2}hint: fix the syntax at/);
      expect(block('missingpkg')).toMatch(/Cannot find package '@fluxgen\/nonexistent'[^\n]*\n {2}in clusters\/missingpkg\/cluster\.ts:1:26\n {2}hint: check the import/);
      expect(block('missingexport')).toMatch(/does not provide an export named 'prob'\n {2}in clusters\/missingexport\/cluster\.ts:2:10\n {2}hint: check the import/);
      expect(block('typeerror')).toMatch(/TypeError: Cannot read properties of undefined \(reading 'map'\)\n {2}in clusters\/typeerror\/cluster\.ts:3:\d+\n {2}hint: a value is not of the type .*npx tsc -b/);
      expect(block('throws')).toMatch(/could not be loaded: REPLICAS must be a number\n {2}in clusters\/throws\/cluster\.ts:3:\d+\n {2}hint: the code at clusters\/throws\/cluster\.ts:3:\d+ threw this/);
      expect(block('throws')).not.toContain('tsc');
      expect(block('throwstring')).toMatch(/threw "plain string" \(not an Error\)\n {2}in clusters\/throwstring\/cluster\.ts\n/);
    } finally {
      ws.dispose();
    }
  });
});

describe('fluxgen generate (in-process)', () => {
  it('--check passes on an up-to-date tree, and fails with a diff (writing nothing) when it is stale', async () => {
    expect((await fluxgen(['generate', '--check'])).code).toBe(0);
    const file = join(tree('lab'), 'probe/app/helmrelease.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('replicas: 1', 'replicas: 3'));
    const before = snapshot(tree('lab'));
    const check = await fluxgen(['generate', '--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('~ updated clusters/lab/flux/infra/probe/app/helmrelease.yaml');
    expect(check.out).toContain('-    replicas: 3');
    expect(check.out).toContain('+    replicas: 1');
    expect(check.err).toContain('TREE_STALE');
    expect(snapshot(tree('lab'))).toEqual(before);

    const dry = await fluxgen(['generate', 'lab', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/lab: would be 0 created, 1 updated/);
    expect(snapshot(tree('lab'))).toEqual(before);
    expect((await fluxgen(['generate'])).out).toMatch(/lab: 0 created, 1 updated, 6 unchanged/);
    expect(readFileSync(file, 'utf8')).toBe(good);
  });

  it('exits 1 naming an unknown cluster, and 2 on a usage error', async () => {
    const missing = await fluxgen(['generate', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('CLUSTER_NOT_FOUND no cluster "nope"');
    expect(missing.err).toContain('hint: clusters here: lab');
    expect((await fluxgen(['generate', '--frobnicate'])).code).toBe(2);
  });

  it('refuses a cluster whose name does not match its folder', async () => {
    writeCluster(root, 'other', cluster('lab', 1));
    try {
      const r = await fluxgen(['generate', 'other']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('CLUSTER_INVALID [other] name: must match its folder clusters/other (got "lab")');
    } finally {
      rmSync(join(root, 'clusters/other'), { recursive: true });
    }
  });

  it('--version; NO_COLOR and FORCE_COLOR=0 turn colours off, FORCE_COLOR=1 on', async () => {
    expect((await fluxgen(['--version'])).out).toBe(JSON.parse(readFileSync(join(REPO, 'tools/cli/package.json'), 'utf8')).version);
    const ansi = /\u001b\[/;
    expect((await fluxgen(['generate', '--check'], { FORCE_COLOR: '0' })).out).not.toMatch(ansi);
    expect((await fluxgen(['generate', '--check'], { NO_COLOR: '1', FORCE_COLOR: '1' })).out).not.toMatch(ansi);
    expect((await fluxgen(['generate', '--check'], { FORCE_COLOR: '1' })).out).toMatch(ansi);
  });

  it('a missing manifest: one MANIFEST_MISSING naming `fluxgen adopt lab` (generate and --check); adopt is the way out', async () => {
    rmSync(join(tree('lab'), MANIFEST));
    const before = snapshot(tree('lab'));
    for (const args of [['generate', 'lab'], ['generate', 'lab', '--check']]) {
      const r = await fluxgen(args);
      expect(r.code).toBe(1);
      expect(r.err.match(/^[A-Z_]+ /gm)).toEqual(['MANIFEST_MISSING ']);
      expect(r.err).toContain('hint: run `fluxgen adopt lab`');
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    expect(snapshot(tree('lab'))).toEqual(before);
    const adopted = await fluxgen(['adopt', 'lab']);
    expect(adopted.code, adopted.err).toBe(0);
    expect(adopted.out).toMatch(/^lab: 7 adopted, 0 already owned, 0 refused/m);
    expect((await fluxgen(['generate', 'lab', '--check'])).code).toBe(0);
  });

  it('adopt refuses, by name, a file that differs from what fluxgen generates', async () => {
    rmSync(join(tree('lab'), MANIFEST));
    const file = join(tree('lab'), 'probe/ks.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `${good}# mine\n`);
    const r = await fluxgen(['adopt', 'lab']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^lab: 6 adopted, 0 already owned, 1 refused/m);
    expect(r.err).toContain('FILE_ADOPT_REFUSED [lab] clusters/lab/flux/infra/probe/ks.yaml: differs from what fluxgen generates');
    expect(readFileSync(file, 'utf8')).toBe(`${good}# mine\n`);
    writeFileSync(file, good);
    expect((await fluxgen(['adopt', 'lab'])).code).toBe(0);
  });

  it('a conflicted manifest: MANIFEST_CORRUPT with the way out, no stack trace', async () => {
    const text = readFileSync(join(tree('lab'), MANIFEST), 'utf8');
    writeFileSync(join(tree('lab'), MANIFEST), `<<<<<<< HEAD\n${text}=======\n${text}>>>>>>> other\n`);
    for (const args of [['generate', 'lab'], ['generate', 'lab', '--check']]) {
      const r = await fluxgen(args);
      expect([r.code, r.err.match(/^[A-Z_]+ /gm)]).toEqual([1, ['MANIFEST_CORRUPT ']]);
      expect(r.err).toContain('merge-conflict markers');
      expect(r.err).toContain('fluxgen adopt lab');
      expect(r.err).not.toMatch(/SyntaxError|^\s+at /m);
    }
    expect((await fluxgen(['adopt', 'lab'])).code).toBe(0);
  });

  it('a symlinked folder in the tree is TREE_SYMLINK in generate and --check; nothing outside changes', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'helmrelease.yaml'), 'outside\n');
    renameSync(join(tree('lab'), 'probe/app'), join(root, 'app-moved'));
    symlinkSync(outside, join(tree('lab'), 'probe/app'));
    for (const args of [['generate', 'lab'], ['generate', 'lab', '--check']]) {
      const r = await fluxgen(args);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`TREE_SYMLINK [lab] ${join(tree('lab'), 'probe/app')}: is a symbolic link`);
    }
    expect(snapshot(outside)).toEqual({ 'helmrelease.yaml': 'outside\n' });
    rmSync(join(tree('lab'), 'probe/app'));
    renameSync(join(root, 'app-moved'), join(tree('lab'), 'probe/app'));
  });

  it('a symlinked clusters/<name>/flux is TREE_SYMLINK too', async () => {
    const outside = join(root, 'outside-flux');
    renameSync(join(root, 'clusters/lab/flux'), outside);
    symlinkSync(outside, join(root, 'clusters/lab/flux'));
    try {
      const r = await fluxgen(['generate', 'lab']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`TREE_SYMLINK [lab] ${join(root, 'clusters/lab/flux')}: is a symbolic link`);
    } finally {
      rmSync(join(root, 'clusters/lab/flux'));
      renameSync(outside, join(root, 'clusters/lab/flux'));
    }
  });

  it('writes many clusters in batches as its sizer plans them, every tree whole; --debug reports each batch', async () => {
    const { root: ws, dispose: drop } = tempWorkspace();
    try {
      const names = Array.from({ length: 7 }, (_, i) => `b${i}`);
      for (const [i, name] of names.entries()) writeCluster(ws, name, cluster(name, i + 1));
      // A probe cluster is 7 files: a budget of 16 makes batches of 3 trees (21 files), and the rest.
      class Planned extends BatchSizer {
        readonly recorded: number[] = [];
        override get budget(): number {
          return 16;
        }
        override record(files: number, seconds: number): void {
          expect(seconds).toBeGreaterThan(0);
          this.recorded.push(files);
        }
      }
      const sizer = new Planned();
      const reports: BatchReport[] = [];
      const outcomes = await generate({ root: ws, clusters: [], batches: sizer, onBatch: (b) => reports.push(b) });
      expect(reports.map((b) => [b.trees, b.files])).toEqual([
        [3, 21],
        [3, 21],
        [1, 7],
      ]);
      expect(sizer.recorded).toEqual([21, 21, 7]);
      expect(outcomes.map((o) => [o.cluster, o.plan.changes.size])).toEqual(names.map((n) => [n, 7]));
      for (const [i, name] of names.entries()) {
        const files = snapshot(join(ws, 'clusters', name, 'flux/infra'));
        expect(Object.keys(files).filter((f) => f !== MANIFEST)).toHaveLength(7);
        expect(files['probe/app/helmrelease.yaml']).toContain(`replicas: ${i + 1}`);
      }
      // Written batch by batch, then up to date as a whole; the default sizer puts 49 files in one batch.
      const again: BatchReport[] = [];
      const second = await generate({ root: ws, clusters: [], onBatch: (b) => again.push(b) });
      expect(second.every((o) => o.plan.changes.size === 0)).toBe(true);
      expect(again.map((b) => [b.trees, b.files])).toEqual([[7, 49]]);
    } finally {
      drop();
    }
    const debug = await fluxgen(['generate', 'lab', '--debug']);
    expect(debug.err).toMatch(/^fluxgen: wrote a batch of 1 tree, 7 files in \d+\.\d\d s$/m);
    expect((await fluxgen(['generate', 'lab'])).err).not.toContain('wrote a batch');
  });

  it('an error in cluster.ts shows its stack only with --debug (or FLUXGEN_DEBUG=1)', async () => {
    writeCluster(root, 'throws', `throw new Error('boom');\nexport default 1;\n`);
    try {
      const plain = await fluxgen(['generate', 'throws']);
      expect(plain.err).toContain('CLUSTER_LOAD_FAILED [throws] could not be loaded: boom');
      expect(plain.err).not.toMatch(/^\s+at /m);
      for (const debug of [await fluxgen(['generate', 'throws', '--debug']), await fluxgen(['generate', 'throws'], { FLUXGEN_DEBUG: '1' })]) {
        expect(debug.err).toMatch(/^\s+at .*clusters\/throws\/cluster\.ts/m);
      }
    } finally {
      rmSync(join(root, 'clusters/throws'), { recursive: true });
    }
  });
});
