/**
 * Crash safety and locking of the writer, proven on the real `fluxgen generate` process in a
 * throw-away workspace.
 *
 * The kill test alternates the cluster between two versions whose trees differ in many files
 * (files created, updated and removed), SIGKILLs each run at a random point (most of them a few
 * milliseconds after the run takes the tree's lock, i.e. while it writes), and after every kill
 * checks what a reader (Flux, git, the next run) would find: every generated file complete, old or
 * new, parseable, and listed in the manifest. It prints how many kills landed before, during and
 * after the write, so the figure can be reported as it is.
 *
 * Run by `npm run test:stress` (not by `npm test`, whose fault tests inject a failure or a kill at
 * each step instead: packages/core/test/writer-faults.test.ts, tools/cli/test/kill.test.ts).
 * `FLUXGEN_STRESS_KILLS` and `FLUXGEN_STRESS_RUNS` set the counts.
 *
 * The lock is proper-lockfile's: a folder made with mkdir, taken over by the next run once its mtime
 * is 5 s old. A killed run leaves it behind; the kill loop removes it itself before the next run
 * (standing for that expiry, which 'a lock left by a killed run is taken over once it is stale'
 * proves on the real binary), so that 60 kills do not cost 60 × 5 s of waiting.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, renderCluster, type ClusterDefinition } from '@fluxgen/core';

/** The writer's journal: present from the commit of a write until it is complete. */
const JOURNAL = '.fluxgen-journal.json';
import { REPO, tempWorkspace, writeCluster } from '../workspace.js';
import { PROBE } from '../support/probe.js';

const BIN = join(REPO, 'tools/cli/bin/fluxgen.js');
/** proper-lockfile's lock folder, and the age at which a run takes it over (see acquireLock in the writer). */
const LOCK = '.fluxgen.lock';
const STALE_MS = 5_000;
const TEMP_MARK = '.fluxgen-tmp-';
/** A hand-written file inside the generated tree: no run, killed or not, may touch it. */
const NOTES = 'NOTES.md';
/** `FLUXGEN_STRESS_KILLS` (default 200). */
const KILLS = Number(process.env['FLUXGEN_STRESS_KILLS'] ?? 200);
/** `FLUXGEN_STRESS_RUNS` concurrent runs (default 6). */
const RUNS = Number(process.env['FLUXGEN_STRESS_RUNS'] ?? 6);
/** Every TIMER_EVERY-th kill lands at a random time in the whole run instead of after the lock. */
const TIMER_EVERY = 4;
/** Upper bound of the random delay after the lock appears; a run holds it for ~10-15 ms here. */
const MAX_DELAY_AFTER_LOCK_MS = 15;

// Two versions of one cluster. From A to B: cilium's L2 pools (3 files under config/) go away,
// several values change in both HelmReleases and READMEs; from B to A they come back.
const VERSION_A = `import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({
  name: 'lab',
  components: [
    cilium({
      kubeProxyReplacement: true,
      apiServer: { host: '127.0.0.1', port: 7445 },
      talos: true,
      l2Announcements: {
        enabled: true,
        interfaces: ['^eth[0-9]+'],
        pools: [{ name: 'lan', blocks: [{ start: '192.168.1.220', stop: '192.168.1.239' }] }],
      },
      hubble: { relay: true, ui: true },
    }),
    probe({ replicas: 1 }),
  ],
});
`;
const VERSION_B = `import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({
  name: 'lab',
  components: [
    cilium({ kubeProxyReplacement: false, operatorReplicas: 1, hubble: { metrics: ['dns', 'drop'] } }),
    probe({ replicas: 2, interval: '10s' }),
  ],
});
`;

interface Version {
  readonly name: string;
  readonly source: string;
  /** The tree `generate` must produce, path → bytes, rendered in-process. */
  readonly files: ReadonlyMap<string, string>;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

let root: string;
let tree: string;
let dispose: () => void;
let A: Version;
let B: Version;

/** Renders a version in-process, from the same source the command line will load. */
async function version(name: string, source: string): Promise<Version> {
  const file = join(root, 'versions', `${name}.ts`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const definition = ((await import(pathToFileURL(file).href)) as { default: ClusterDefinition }).default;
  return { name, source, files: renderCluster(definition, { dir: 'clusters/lab' }).files };
}

/**
 * Starts `fluxgen generate lab` as its own process group: the binary runs the CLI in a child
 * process, and killing only the binary would let that child finish the write.
 */
function start(env: Record<string, string> = {}): { pid: number; exited: Promise<Exit> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'generate', 'lab', '--root', root], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Exit>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, out, err, ms: performance.now() - t0 }));
  });
  return { pid: child.pid!, exited };
}

/** SIGKILLs the whole process group; false when it had already exited. */
function killGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Every file under the tree, path → bytes, with the writer's temp files and lock (a folder) set apart. */
function scan(): { files: Map<string, string>; temps: string[]; tempTexts: Map<string, string>; lock: boolean } {
  const files = new Map<string, string>();
  const temps: string[] = [];
  const tempTexts = new Map<string, string>();
  if (existsSync(tree)) {
    for (const e of readdirSync(tree, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const path = relative(tree, join(e.parentPath, e.name));
      if (e.name.startsWith(TEMP_MARK)) {
        temps.push(path);
        tempTexts.set(path, readFileSync(join(tree, path), 'utf8'));
      } else files.set(path, readFileSync(join(tree, path), 'utf8'));
    }
  }
  return { files, temps, tempTexts, lock: existsSync(join(tree, LOCK)) };
}

/**
 * The tree once the next run has completed the write a kill interrupted (its journal), by the
 * rules of the writer's recovery: each staged temp file that is there is renamed into place,
 * each removed file goes, an updated file whose temp file is gone gets its backup back. A run
 * starts with that, so after it is killed a file may also hold this content. Undefined when no
 * write was interrupted.
 */
function recovered(state: ReturnType<typeof scan>): Map<string, string> | undefined {
  const text = state.files.get(JOURNAL);
  if (text === undefined) return undefined;
  const journal = JSON.parse(text) as { ops: { kind: string; path: string; temp?: string; backup?: string }[] };
  const out = new Map(state.files);
  out.delete(JOURNAL);
  for (const op of journal.ops) {
    const beside = (name: string) => join(dirname(op.path), name);
    const temp = op.temp === undefined ? undefined : state.tempTexts.get(beside(op.temp));
    const backup = op.backup === undefined ? undefined : state.tempTexts.get(beside(op.backup));
    if (temp !== undefined) out.set(op.path, temp);
    else if (op.kind === 'remove') out.delete(op.path);
    else if (op.kind === 'update' && !out.has(op.path) && backup !== undefined) out.set(op.path, backup);
  }
  return generated(out);
}

/** The generated files only: no manifest, journal or hand-written file. */
function generated(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].filter(([path]) => path !== MANIFEST && path !== JOURNAL && path !== NOTES));
}

const sameTree = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) =>
  a.size === b.size && [...a].every(([path, text]) => b.get(path) === text);

/**
 * What a reader finds after a kill: each generated file is its complete content from before the run
 * or from the target version, each YAML file parses, the manifest parses and lists every generated
 * file on disk, and the hand-written file is untouched.
 */
function expectConsistent(
  files: ReadonlyMap<string, string>,
  before: ReadonlyMap<string, string>,
  target: Version,
  label: string,
  completed?: ReadonlyMap<string, string>,
): void {
  for (const [path, text] of generated(files)) {
    const where = `${label}: ${path}`;
    // `completed`: the tree once an interrupted earlier write is completed, which the run does first.
    expect(before.has(path) || target.files.has(path) || completed?.has(path) === true, `${where} is neither an old nor a new file`).toBe(true);
    expect(text === before.get(path) || text === target.files.get(path) || (completed !== undefined && text === completed.get(path)), `${where} is neither its old nor its new content`).toBe(true);
    if (path.endsWith('.yaml')) {
      for (const doc of parseAllDocuments(text)) {
        expect(doc.errors, `${where} does not parse`).toEqual([]);
      }
    }
  }
  const manifestText = files.get(MANIFEST);
  expect(manifestText, `${label}: the manifest is missing`).toBeDefined();
  let listed: string[] = [];
  expect(() => (listed = (JSON.parse(manifestText!) as { files: string[] }).files), `${label}: the manifest does not parse`).not.toThrow();
  // While a write is interrupted, its journal owns the files it is adding; the next run completes it.
  const journal = files.has(JOURNAL) ? (JSON.parse(files.get(JOURNAL)!) as { ops: { path: string }[] }).ops.map((op) => op.path) : [];
  const unlisted = [...generated(files).keys()].filter((path) => !listed.includes(path) && !journal.includes(path));
  expect(unlisted, `${label}: generated files missing from the manifest and the journal`).toEqual([]);
  expect(listed, `${label}: the manifest claims the hand-written file`).not.toContain(NOTES);
  expect(files.get(NOTES), `${label}: the hand-written file changed`).toBe('mine\n');
}

/** Runs generate to completion (a run that must not need to wait for anyone). */
async function generateToEnd(env: Record<string, string> = {}): Promise<Exit> {
  const result = await start(env).exited;
  expect(result.code, result.err).toBe(0);
  return result;
}

beforeAll(async () => {
  ({ root, dispose } = tempWorkspace());
  tree = join(root, 'clusters/lab/flux/infra');
  A = await version('a', VERSION_A);
  B = await version('b', VERSION_B);
  // The two versions must differ in created, updated and removed files, or kills test little.
  const onlyA = [...A.files.keys()].filter((p) => !B.files.has(p));
  const changed = [...A.files.keys()].filter((p) => B.files.has(p) && B.files.get(p) !== A.files.get(p));
  expect(onlyA.length).toBeGreaterThanOrEqual(2);
  expect(changed.length).toBeGreaterThanOrEqual(4);
});
afterAll(() => dispose());

describe('a killed generate', () => {
  it(`leaves every file complete, old or new, and listed (${KILLS} SIGKILLs at random points)`, { timeout: 60_000 + KILLS * 30_000 }, async () => {
    const t0 = performance.now();
    writeCluster(root, 'lab', VERSION_A);
    await generateToEnd();
    writeFileSync(join(tree, NOTES), 'mine\n');

    const tally = { beforeLock: 0, holdingLock: 0, mixedTree: 0, tempsLeft: 0, afterLock: 0, finishedFirst: 0 };
    for (let i = 0; i < KILLS; i++) {
      const now = scan();
      const before = generated(now.files);
      const completed = recovered(now);
      // Aim at the version the tree is not in, so that every run has files to write.
      const target = sameTree(before, A.files) ? B : sameTree(before, B.files) ? A : i % 2 === 0 ? A : B;
      writeCluster(root, 'lab', target.source);

      // FLUXGEN_LOCK_WAIT_MS=0: no run is active and the previous run's lock has been cleared (see
      // below), so the run must never find the tree locked; if it did, TREE_LOCKED fails it below.
      const run = start({ FLUXGEN_LOCK_WAIT_MS: '0' });
      let watcher: FSWatcher | undefined;
      let timer: NodeJS.Timeout | undefined;
      if (i % TIMER_EVERY === TIMER_EVERY - 1) {
        timer = setTimeout(() => killGroup(run.pid), 300 + Math.random() * 1200);
      } else {
        watcher = watch(tree, (_event, name) => {
          if (name !== LOCK) return;
          watcher!.close();
          // Busy-wait rather than setTimeout: the window is a few milliseconds wide.
          const until = performance.now() + Math.random() * MAX_DELAY_AFTER_LOCK_MS;
          while (performance.now() < until);
          killGroup(run.pid);
        });
      }
      const result = await run.exited;
      watcher?.close();
      clearTimeout(timer);

      const after = scan();
      const label = `kill ${i + 1} (to ${target.name}, ${Math.round(result.ms)} ms)`;
      if (result.signal === null) {
        // It finished before the kill: it must have succeeded, and written the target exactly.
        expect(result.code, `${label}: ${result.err}`).toBe(0);
        expect(sameTree(generated(after.files), target.files), `${label}: finished, but not the target tree`).toBe(true);
        tally.finishedFirst++;
      }
      expectConsistent(after.files, before, target, label, completed);
      const written = generated(after.files);
      if (!after.files.has(JOURNAL)) {
        // No journal: the write had not committed, or it had completed; never anything in between.
        const untouched = sameTree(written, before) || (completed !== undefined && sameTree(written, completed));
        expect(untouched || sameTree(written, target.files), `${label}: a partial tree without a journal`).toBe(true);
      }
      if (after.lock) {
        tally.holdingLock++;
        const mixed = [...written].some(([p, t]) => t !== before.get(p)) && !sameTree(written, target.files);
        if (mixed) tally.mixedTree++;
        if (after.temps.length > 0) tally.tempsLeft++;
      } else {
        // No lock: the run never started writing, or it had finished; never anything in between.
        const untouched = sameTree(written, before);
        expect(untouched || sameTree(written, target.files), `${label}: a partial tree without a lock`).toBe(true);
        if (untouched) tally.beforeLock++;
        else tally.afterLock++;
      }
      // A killed run's lock would block the next run for 5 s, until it is stale. Removing it here
      // stands for that expiry, which 'a lock left by a killed run is taken over once it is stale'
      // proves on the real binary; it saves the loop waiting 5 s after each such kill.
      if (after.lock) rmSync(join(tree, LOCK), { recursive: true, force: true });
    }

    // One run to completion repairs everything: exactly the target, no temp files, no lock.
    const final = sameTree(generated(scan().files), A.files) ? B : A;
    writeCluster(root, 'lab', final.source);
    await generateToEnd({ FLUXGEN_LOCK_WAIT_MS: '0' });
    const end = scan();
    expect(Object.fromEntries(generated(end.files))).toEqual(Object.fromEntries(final.files));
    expect(JSON.parse(end.files.get(MANIFEST)!).files).toEqual([...final.files.keys()].sort());
    expect(end.files.get(NOTES)).toBe('mine\n');
    expect(end.temps).toEqual([]);
    expect(end.lock).toBe(false);

    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `crash test: ${KILLS} SIGKILLs in ${seconds}s: ${tally.holdingLock} while holding the lock (writing)` +
        ` [${tally.mixedTree} left a mix of old and new files, ${tally.tempsLeft} left temp files],` +
        ` ${tally.beforeLock} before it took the lock, ${tally.afterLock} after it released it` +
        ` (${tally.finishedFirst} of all runs had exited before the kill);` +
        ` each lock left by a kill was removed by the test, standing for its ${STALE_MS / 1000} s expiry`,
    );
    expect(tally.holdingLock, 'too few kills landed while writing to prove anything').toBeGreaterThanOrEqual(KILLS / 3);
  });
});

describe('concurrent runs', () => {
  it(`${RUNS} runs started together on one tree all succeed, one after the other`, { timeout: RUNS * 20_000 }, async () => {
    writeCluster(root, 'lab', VERSION_A);
    rmSync(tree, { recursive: true, force: true });
    const results = await Promise.all(Array.from({ length: RUNS }, () => start().exited));
    expect(results.map((r) => r.code), results.map((r) => r.err).join('')).toEqual(results.map(() => 0));
    const writers = results.filter((r) => /^lab: [1-9]\d* created/m.test(r.out));
    expect(writers, 'exactly one run wrote the tree').toHaveLength(1);
    const end = scan();
    expect(Object.fromEntries(generated(end.files))).toEqual(Object.fromEntries(A.files));
    expect([end.temps, end.lock, end.files.has(JOURNAL)]).toEqual([[], false, false]);
  });

  it('two runs started together on one tree both succeed, one after the other', async () => {
    writeCluster(root, 'lab', VERSION_B);
    rmSync(tree, { recursive: true, force: true });
    const [first, second] = await Promise.all([start().exited, start().exited]);
    expect([first.code, second.code], first.err + second.err).toEqual([0, 0]);
    // Exactly one of them wrote the tree; the other, after waiting, found it up to date.
    const n = B.files.size;
    const lines = [first.out, second.out].map((o) => /^lab: .*$/m.exec(o)?.[0]).sort();
    expect(lines).toEqual([
      `lab: 0 created, 0 updated, ${n} unchanged, 0 removed (clusters/lab/flux/infra)`,
      `lab: ${n} created, 0 updated, 0 unchanged, 0 removed (clusters/lab/flux/infra)`,
    ]);
    const end = scan();
    expect(Object.fromEntries(generated(end.files))).toEqual(Object.fromEntries(B.files));
    expect(JSON.parse(end.files.get(MANIFEST)!).files).toEqual([...B.files.keys()].sort());
    expect([end.temps, end.lock]).toEqual([[], false]);
  });

  it('a run waits while another live process holds the lock, and writes once it is released', async () => {
    writeCluster(root, 'lab', VERSION_A);
    const before = generated(scan().files);
    // This test process plays the other run, holding the lock for longer than STALE_MS.
    const lock = holdLock();
    let run: ReturnType<typeof start>;
    try {
      run = start({ FLUXGEN_LOCK_WAIT_MS: '20000' });
      await new Promise((r) => setTimeout(r, STALE_MS + 1500)); // past its startup (~0.8 s) and STALE_MS
      expect(sameTree(generated(scan().files), before), 'it wrote while the lock was held').toBe(true);
    } finally {
      lock.release();
    }
    const result = await run.exited;
    expect(result.code, result.err).toBe(0);
    expect(result.ms).toBeGreaterThanOrEqual(STALE_MS + 1500);
    expect(Object.fromEntries(generated(scan().files))).toEqual(Object.fromEntries(A.files));
    expect(existsSync(join(tree, LOCK))).toBe(false);
  });

  it('fails with TREE_LOCKED, writing nothing, when the lock is held past the wait limit', async () => {
    writeCluster(root, 'lab', VERSION_B);
    const before = scan();
    const lock = holdLock();
    try {
      const result = await start({ FLUXGEN_LOCK_WAIT_MS: '300' }).exited;
      expect(result.code).toBe(1);
      expect(result.err).toContain('TREE_LOCKED [lab]');
      expect(result.err).toContain('another fluxgen run is writing this tree (waited 0.3s)');
      expect(result.err).toContain(`a lock left by a killed run (${join(tree, LOCK)}) expires after 5 s`);
      expect(scan().files).toEqual(before.files);
      // A takeover would have removed and remade the folder, with a new mtime.
      expect(Math.abs(statSync(lock.path).mtimeMs - lock.touchedMs()), 'the live lock was taken over').toBeLessThan(1);
    } finally {
      lock.release();
    }
  });

  it('a lock left by a killed run is taken over once it is stale', { timeout: 180_000 }, async () => {
    writeCluster(root, 'lab', VERSION_B);
    const lockPath = join(tree, LOCK);
    // A run SIGKILLed as soon as its lock appears (tried again in the rare case the kill misses).
    for (let attempt = 0; attempt < 5 && !existsSync(lockPath); attempt++) {
      const run = start();
      const watcher = watch(tree, (_event, name) => {
        if (name === LOCK) killGroup(run.pid);
      });
      const killed = await run.exited;
      watcher.close();
      if (killed.signal === null) expect(killed.code, killed.err).toBe(0); // finished first
    }
    expect(existsSync(lockPath), 'no kill landed while the lock was held').toBe(true);

    // While fresh, the lock is respected: nobody can tell a killed run from a slow one. (Its mtime
    // is set a minute ahead, so that a slow start on a busy machine cannot make it stale.)
    const ahead = new Date(Date.now() + 60_000);
    utimesSync(lockPath, ahead, ahead);
    const early = await start({ FLUXGEN_LOCK_WAIT_MS: '0' }).exited;
    expect(early.code).toBe(1);
    expect(early.err).toContain('TREE_LOCKED [lab]');

    // Once its mtime is STALE_MS old, a run takes it over, writes the tree and releases the lock.
    const stale = new Date(Date.now() - STALE_MS - 1000);
    utimesSync(lockPath, stale, stale);
    const result = await start({ FLUXGEN_LOCK_WAIT_MS: '0' }).exited;
    expect(result.code, result.err).toBe(0);
    const end = scan();
    expect(Object.fromEntries(generated(end.files))).toEqual(Object.fromEntries(B.files));
    expect(JSON.parse(end.files.get(MANIFEST)!).files).toEqual([...B.files.keys()].sort());
    expect([end.temps, end.lock]).toEqual([[], false]);
    console.log(`stale lock: taken over by a run that took ${(result.ms / 1000).toFixed(1)}s`);
  });
});

/**
 * Holds the tree's lock as another live run would: proper-lockfile's folder, made with mkdir (which
 * fails if a lock exists), its mtime refreshed every second since a run takes over a lock that is
 * STALE_MS old. `release` removes it.
 */
function holdLock(): { path: string; touchedMs: () => number; release: () => void } {
  const path = join(tree, LOCK);
  mkdirSync(path);
  let touched = Date.now();
  const touch = () => {
    touched = Date.now();
    utimesSync(path, new Date(touched), new Date(touched));
  };
  touch();
  const timer = setInterval(touch, 1000);
  return {
    path,
    touchedMs: () => touched,
    release: () => {
      clearInterval(timer);
      rmSync(path, { recursive: true, force: true });
    },
  };
}
