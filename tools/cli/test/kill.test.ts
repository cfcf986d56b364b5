/**
 * The real `fluxgen` process, killed, interrupted and run twice at once. No timing is involved:
 * `FLUXGEN_TEST_SIGNAL_AT_STEP=<n>[:<signal>]` makes the process signal itself just before the
 * n-th file-system call of its write, so each kill lands at a known step of the apply. (Every step
 * is covered in process by packages/core/test/writer-faults.test.ts; `npm run test:stress` adds
 * hundreds of random SIGKILLs.) The tests run concurrently, each in its own workspace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxgenError, MANIFEST, nodeTreeFs, planWrite, renderCluster, writeTree, writeTrees, type ClusterDefinition, type TreeFs } from '@fluxgen/core';
import { REPO, snapshot, tempWorkspace, writeCluster } from './workspace.js';
import { PROBE } from './support/probe.js';

const BIN = join(REPO, 'tools/cli/bin/fluxgen.js');
const JOURNAL = '.fluxgen-journal.json';

// From A to B: the second instance's files go, values change in the first one's HelmRelease
// and README. A small test component only: each process starts fast, even on a busy machine.
const VERSION_A = `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({
  name: 'lab',
  components: [probe({ replicas: 1 }), probe({ name: 'probe-two', replicas: 1 })],
});
`;
const VERSION_B = `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({ name: 'lab', components: [probe({ replicas: 2, interval: '10s' })] });
`;

let ws: { root: string; dispose: () => void }[] = [];
let A: ReadonlyMap<string, string>;
let B: ReadonlyMap<string, string>;
let steps: number;
/** The step of the middle rename of the apply (see middleOfApply). */
let middle: number;

/** Renders a version in-process from its own file (cluster.ts itself is what the binary loads). */
async function render(root: string, name: string, source: string, cluster = 'lab'): Promise<ReadonlyMap<string, string>> {
  const file = join(root, 'versions', `${name}.ts`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const definition = ((await import(pathToFileURL(file).href)) as { default: ClusterDefinition }).default;
  return renderCluster(definition, { dir: `clusters/${cluster}` }).files;
}

/** A workspace whose lab tree is at A (plus a hand-written file) and whose cluster.ts is B. */
async function workspaceAtA(): Promise<{ root: string; tree: string }> {
  const w = tempWorkspace();
  ws.push(w);
  const tree = join(w.root, 'clusters/lab/flux/infra');
  await writeTree(tree, A);
  writeFileSync(join(tree, 'NOTES.md'), 'mine\n');
  writeCluster(w.root, 'lab', VERSION_B);
  return { root: w.root, tree };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly err: string;
}

function start(root: string, args: string[], env: Record<string, string> = {}): { pid: number; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, ...args, '--root', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let err = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Exit>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, err }));
  });
  return { pid: child.pid!, exited };
}

const generated = (snap: Record<string, string>) =>
  Object.fromEntries(Object.entries(snap).filter(([p]) => p !== MANIFEST && p !== JOURNAL && p !== 'NOTES.md' && !/(^|\/)\.fluxgen-/.test(p)));

beforeAll(async () => {
  const w = tempWorkspace();
  ws.push(w);
  A = await render(w.root, 'a', VERSION_A);
  B = await render(w.root, 'b', VERSION_B);
  // How many file-system calls the write from A to B makes, counted in process.
  const tree = join(w.root, 'count');
  await writeTree(tree, A);
  const counting = recording();
  await writeTree(tree, B, { fs: counting.fs });
  steps = counting.calls.length;
  middle = middleOfApply(counting.calls);
}, 300_000);

/** The real file system, recording each call (`<call> <first argument>`), in order. */
function recording(): { fs: TreeFs; calls: string[] } {
  const calls: string[] = [];
  const fs = Object.fromEntries(
    Object.entries(nodeTreeFs).map(([name, call]) => [name, (...args: unknown[]) => (calls.push(`${name} ${String(args[0])}`), (call as (...a: unknown[]) => unknown)(...args))]),
  ) as unknown as TreeFs;
  return { fs, calls };
}

/** The step of the middle rename of the apply (a journal's rename is the commit). */
function middleOfApply(calls: readonly string[]): number {
  const applying = calls.flatMap((c, i) => (c.startsWith('rename ') && !c.includes('.fluxgen-tmp-journal-') ? [i] : []));
  return applying[Math.floor(applying.length / 2)]!;
}
afterAll(() => ws.forEach((w) => w.dispose()));

describe.concurrent('a killed fluxgen generate', () => {
  it('SIGKILL at steps across the write: each file old or new, --check never "up to date" mid-write, the next run completes it; Ctrl-C lets the write finish', { timeout: 300_000 }, async () => {
    expect(steps).toBeGreaterThan(20);
    const at = [1, middle, steps - 2];
    // Bounded: three kills and one Ctrl-C, all at once, each in its own workspace.
    const cases = await Promise.all([...at, -1].map(async (step) => ({ step, ...(await workspaceAtA()) })));
    const results = await Promise.all(
      cases.map((c) =>
        start(c.root, ['generate', 'lab'], { FLUXGEN_TEST_SIGNAL_AT_STEP: c.step >= 0 ? String(c.step) : `${middle}:SIGINT` }).exited,
      ),
    );
    for (const [i, c] of cases.entries()) {
      const result = results[i]!;
      if (c.step < 0) {
        // Ctrl-C in the middle of the apply: the write finishes, the tree is whole, exit code 130.
        expect([result.code, result.signal], result.err).toEqual([130, null]);
        const end = snapshot(c.tree);
        expect(generated(end)).toEqual(Object.fromEntries(B));
        expect(end[JOURNAL]).toBeUndefined();
        expect(() => planWrite(c.tree, B)).not.toThrow();
        continue;
      }
      const label = `SIGKILL at step ${c.step} of ${steps}`;
      expect(result.signal, `${label}: ${result.err}`).toBe('SIGKILL');
      const after = snapshot(c.tree);
      for (const [path, text] of Object.entries(generated(after))) expect([A.get(path), B.get(path)], `${label}: ${path}`).toContain(text);
      expect(after['NOTES.md']).toBe('mine\n');
      let check: unknown;
      try {
        check = planWrite(c.tree, B);
      } catch (error) {
        check = error;
      }
      if (after[JOURNAL] !== undefined) expect((check as FluxgenError).codes, label).toEqual(['TREE_INTERRUPTED']);
      else {
        const g = generated(after);
        const whole = [A, B].some((v) => Object.keys(g).length === v.size && [...v].every(([p, t]) => g[p] === t));
        expect(whole, `${label}: no journal, so the tree must be entirely old or entirely new`).toBe(true);
      }
      // The next run completes the interrupted write, then writes B: exactly B, nothing left over.
      await writeTree(c.tree, B, { guardFrom: join(c.root, 'clusters/lab') });
      const end = snapshot(c.tree);
      expect(generated(end), label).toEqual(Object.fromEntries(B));
      expect(Object.keys(end).filter((p) => p.includes('.fluxgen-') && p !== MANIFEST), label).toEqual([]);
    }
  });
});

describe.concurrent('a killed fluxgen generate of several clusters (one batch)', () => {
  it('SIGKILL in the middle of the batch: each tree old, new or with a journal; the next run completes every tree', { timeout: 300_000 }, async () => {
    const names = ['lab1', 'lab2', 'lab3'];
    const w = tempWorkspace();
    ws.push(w);
    const named = (source: string, name: string) => source.replace(`name: 'lab'`, `name: '${name}'`);
    const versions = await Promise.all(
      names.map(async (name) => ({ name, a: await render(w.root, `${name}-a`, named(VERSION_A, name), name), b: await render(w.root, `${name}-b`, named(VERSION_B, name), name) })),
    );
    const trees = names.map((name) => join(w.root, 'clusters', name, 'flux/infra'));
    // The batch's steps, counted in process on a copy.
    const copies = names.map((name) => join(w.root, 'count', name, 'flux/infra'));
    await writeTrees(versions.map((v, i) => ({ root: copies[i]!, files: v.a })));
    const counting = recording();
    await writeTrees(versions.map((v, i) => ({ root: copies[i]!, files: v.b })), { fs: counting.fs });
    await writeTrees(versions.map((v, i) => ({ root: trees[i]!, files: v.a })));
    for (const v of versions) writeCluster(w.root, v.name, named(VERSION_B, v.name));

    // In the middle of the apply: every tree is committed, the first ones applied, the last ones not yet.
    const n = counting.calls.length;
    const step = middleOfApply(counting.calls);
    const result = await start(w.root, ['generate'], { FLUXGEN_TEST_SIGNAL_AT_STEP: String(step) }).exited;
    expect(result.signal, result.err).toBe('SIGKILL');
    const states = versions.map((v, i) => {
      const after = snapshot(trees[i]!);
      const g = generated(after);
      for (const [path, text] of Object.entries(g)) expect([v.a.get(path), v.b.get(path)], `${v.name}: ${path}`).toContain(text);
      if (after[JOURNAL] !== undefined) {
        expect(() => planWrite(trees[i]!, v.b), v.name).toThrow(/interrupted/);
        return 'journal';
      }
      const whole = (m: ReadonlyMap<string, string>) => Object.keys(g).length === m.size && [...m].every(([p, t]) => g[p] === t);
      expect(whole(v.a) || whole(v.b), `${v.name}: no journal, so the tree must be entirely old or entirely new`).toBe(true);
      return whole(v.b) ? 'new' : 'old';
    });
    // Killed in the middle of one batch: not every tree is done, and not none.
    expect(states.every((s) => s === 'new') || states.every((s) => s === 'old'), `states ${states.join(', ')} at step ${step} of ${n}`).toBe(false);
    const again = await start(w.root, ['generate']).exited;
    expect(again.code, again.err).toBe(0);
    for (const [i, v] of versions.entries()) expect(generated(snapshot(trees[i]!)), v.name).toEqual(Object.fromEntries(v.b));
    const check = await start(w.root, ['generate', '--check']).exited;
    expect(check.code, check.err).toBe(0);
  });
});

describe.concurrent('one process', () => {
  // cluster.ts announces that it is loading, then waits for a file that never comes.
  const waiting = (name: string) => `import { existsSync, writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(`${name}.loading`)}, String(process.pid));
while (!existsSync(${JSON.stringify(`${name}.go`)})) await new Promise((r) => setTimeout(r, 20));
export default undefined;
`;

  if (!existsSync('/proc/self/stat')) console.warn('SKIP: the orphan test reads /proc, which this system lacks');
  it.skipIf(!existsSync('/proc/self/stat'))('fluxgen has no child process that writes; SIGKILL ends it all, SIGTERM exits 143', { timeout: 300_000 }, async () => {
    const { root } = await workspaceAtA();
    const runs = ['kill', 'term'].map((name) => {
      const marker = join(root, `${name}.loading`);
      writeCluster(root, name, waiting(join(root, name)));
      return { name, marker, run: start(root, ['generate', name]) };
    });
    // Wait until both are evaluating cluster.ts (i.e. inside the CLI) and have written their pid,
    // however long that takes (the marker exists a moment before its content is in it).
    const pidIn = (marker: string) => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');
    for (const r of runs) while (pidIn(r.marker) === '') await new Promise((done) => setTimeout(done, 25));
    for (const r of runs) {
      expect(Number(readFileSync(r.marker, 'utf8')), 'the CLI runs in the process that was started').toBe(r.run.pid);
      // The only child is esbuild's compile service (tsx's), which exits when its pipe closes.
      const others = childrenOf(r.run.pid).filter((pid) => !/esbuild.*--service/.test(commandOf(pid)));
      expect(others.map(commandOf), `${r.name}: child processes of fluxgen`).toEqual([]);
    }
    const esbuild = runs.flatMap((r) => childrenOf(r.run.pid));
    process.kill(runs[0]!.run.pid, 'SIGKILL');
    process.kill(runs[1]!.run.pid, 'SIGTERM');
    const [killed, termed] = await Promise.all(runs.map((r) => r.run.exited));
    expect(killed!.signal).toBe('SIGKILL');
    expect([termed!.code, termed!.signal]).toEqual([143, null]);
    // Nothing outlives fluxgen: wait (however long) until the compile services are gone too.
    while (esbuild.some((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')))
      await new Promise((done) => setTimeout(done, 25));
    expect(snapshot(join(root, 'clusters/kill'))).not.toHaveProperty('flux/infra/.fluxgen-manifest.json');
  });
});

describe.concurrent('concurrent runs', () => {
  it('two runs started together on one tree both succeed, one after the other', { timeout: 300_000 }, async () => {
    const { root, tree } = await workspaceAtA();
    const [first, second] = await Promise.all([start(root, ['generate', 'lab']).exited, start(root, ['generate', 'lab']).exited]);
    expect([first!.code, second!.code], first!.err + second!.err).toEqual([0, 0]);
    const end = snapshot(tree);
    expect(Object.keys(generated(end)).sort()).toEqual([...B.keys()].sort());
    expect(JSON.parse(end[MANIFEST]!).files).toEqual([...B.keys()].sort());
  });
});

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
