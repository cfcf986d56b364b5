#!/usr/bin/env node
// Benchmark of `fluxgen generate` as whole processes, against a floor measured in the same run.
//
//   npm run bench                                   # runs 5, sizes 1,10,100, memory at 300, Nx paths
//   node tools/cli/bench/generate.mjs --runs 3 --sizes 1,10 --memory 0 --no-nx
//
// - Builds first (`npm run build`, unless --no-build): what is measured is the bundled CLI.
// - Workspaces of N copies of clusters/homelab (renamed) under tmp/bench/ (inside the repository,
//   so that their cluster.ts files resolve the workspace packages).
// - The floor (floor.mjs): a plain Node script writing byte-identical files with the same `yaml`
//   library (checked once per N), no lock, no fsync, no validation.
// - Fresh, writer alone (writer-only.mjs): the floor's input written by fluxgen's own start-up and
//   writer (checked byte for byte too), nothing rendered or checked: the lowest a fresh run can cost.
// - Each figure: A (fluxgen) and B (floor) interleaved, A B then B A, `runs` pairs, each run after a
//   `sync` (not timed: no run pays for the disk work of the one before); CPU = user + sys of
//   the process and its children (GNU time, else bash's `times`); the ratio is the median of the
//   pairwise ratios. Scenarios: fresh (no tree), no-op (tree up to date), changed (one value of
//   every cluster.ts changed), --check (up to date).
// - Fresh, nothing shared (FLUXGEN_MEMO=0): the copies share every component, which one process
//   serialises and checks once; with core's memos off, each copy is rendered as if it shared nothing.
// - Nx (over the repository's own clusters): `nx run-many -t generate --skip-nx-cache` against one
//   fluxgen process for the same clusters (CPU and wall, interleaved), and `nx run-many -t generate`
//   with every task cached (wall).
// - Peak memory (max RSS) of one fresh run over `--memory` clusters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { bundleManifest, isBundled, ROOT } from '../bin/build-state.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
const sizes = arg('sizes', '1,10,100').split(',').filter(Boolean).map(Number);
const memoryAt = Number(arg('memory', '300'));
const withNx = !process.argv.includes('--no-nx');
const BIN = join(ROOT, 'tools/cli/bin/fluxgen.js');
const FLOOR = join(ROOT, 'tools/cli/bench/floor.mjs');
const WRITER_ONLY = join(ROOT, 'tools/cli/bench/writer-only.mjs');
const BENCH = join(ROOT, 'tmp', 'bench');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Flushes every file system (`sync`) before a measured run, outside its timing: a run must not pay
 * for the disk work that the run before it left behind (the floor never fsyncs, and deleting a tree
 * leaves work too). Without it the floor's fresh write of 100 trees took 2.0 s or 6.2 s of CPU
 * depending on what ran before it.
 */
const settle = () => spawnSync('sync', { stdio: 'ignore' });

/** Runs a command; returns its CPU seconds (user + sys, children included), wall seconds and max RSS in KiB (GNU time only). */
function measure(cmd, args, cwd = ROOT, extraEnv = {}) {
  const runEnv = { ...env, ...extraEnv };
  settle();
  const start = performance.now();
  let r;
  let cpu;
  let sysTime;
  let rss;
  if (GNU_TIME) {
    const out = join(BENCH, 'time.txt');
    r = spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', out, cmd, ...args], { cwd, env: runEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
    const [user, sys, kib] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = user + sys;
    sysTime = sys;
    rss = kib;
  } else {
    r = spawnSync('bash', ['-c', '"$@" >/dev/null; code=$?; times >&2; exit $code', 'bench', cmd, ...args], { cwd, env: runEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
    const children = r.stderr.trim().split('\n').pop().split(/\s+/).map((t) => {
      const m = /(\d+)m([\d.]+)s/.exec(t);
      return Number(m[1]) * 60 + Number(m[2]);
    });
    cpu = children[0] + children[1];
    sysTime = children[1];
  }
  const wall = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { cpu, sys: sysTime, wall, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 2) => x.toFixed(d);
const sysOf = (p) => `${fmt(p.aSys)} / ${fmt(p.bSys)} | ${fmt(p.userRatio)}×`;

/** A workspace of n copies of clusters/homelab under tmp/bench/n<n>. */
function workspace(n) {
  const root = join(BENCH, `n${n}`);
  rmSync(root, { recursive: true, force: true });
  const source = readFileSync(join(ROOT, 'clusters/homelab/cluster.ts'), 'utf8');
  if (!source.includes("name: 'homelab'") || !source.includes('retain: 7')) throw new Error('clusters/homelab/cluster.ts changed shape: update the benchmark');
  for (let i = 1; i <= n; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    mkdirSync(join(root, 'clusters', name), { recursive: true });
    writeFileSync(join(root, 'clusters', name, 'cluster.ts'), source.replace("name: 'homelab'", `name: '${name}'`));
  }
  writeFileSync(join(root, 'nx.json'), '{}\n');
  return root;
}

const clusterFiles = (root) => readdirSync(join(root, 'clusters')).map((c) => join(root, 'clusters', c, 'cluster.ts'));
let toggled = false;
/** Changes one value (a retention count) in every cluster.ts, back and forth. */
function changeOneValue(root) {
  const [from, to] = toggled ? ['retain: 6', 'retain: 7'] : ['retain: 7', 'retain: 6'];
  for (const file of clusterFiles(root)) writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  toggled = !toggled;
}
const dropTrees = (root) => {
  for (const c of readdirSync(join(root, 'clusters'))) rmSync(join(root, 'clusters', c, 'flux'), { recursive: true, force: true });
};

/** Every file of every tree, as the floor writes it: YAML as header + documents, the rest as text. */
function floorInput(root) {
  const files = {};
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name !== '.fluxgen-manifest.json') {
        const text = readFileSync(path, 'utf8');
        const rel = relative(root, path);
        if (e.name.endsWith('.yaml')) {
          const header = text.slice(0, text.indexOf('---\n'));
          files[rel] = { header, docs: parseAllDocuments(text.slice(header.length)).map((d) => d.toJS()) };
        } else files[rel] = { text };
      }
    }
  };
  walk(join(root, 'clusters'));
  const file = join(root, 'floor.json');
  writeFileSync(file, JSON.stringify(files));
  const paths = Object.keys(files);
  // The floor must write exactly fluxgen's bytes.
  const out = join(root, 'floor-check');
  rmSync(out, { recursive: true, force: true });
  measure(process.execPath, [FLOOR, file, out]);
  for (const rel of Object.keys(files)) {
    if (readFileSync(join(out, rel), 'utf8') !== readFileSync(join(root, rel), 'utf8')) throw new Error(`the floor does not write ${rel} as fluxgen does`);
  }
  return { file, paths };
}

/** Interleaved pairs: A then B, `runs` times; the median of the pairwise CPU ratios. */
function pairs(a, b, before = () => {}) {
  const ratios = [];
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    // The order alternates (A B, B A, …): whichever of two fresh writes ran first in a pair paid
    // ~0.5–1 s more sys time on this ext4 disk, measured both ways round (docs/performance.md).
    let x;
    let y;
    if (i % 2 === 0) {
      before();
      x = a();
      y = b();
    } else {
      y = b();
      before();
      x = a();
    }
    as.push(x);
    bs.push(y);
    ratios.push(x.cpu / y.cpu);
  }
  const user = (r) => r.cpu - r.sys;
  return {
    ratio: median(ratios),
    // User time alone: the sys time of a fresh write on ext4 moves by seconds between runs of the
    // same script (docs/performance.md, item 28), user time far less.
    userRatio: median(as.map((x, i) => user(x) / user(bs[i]))),
    a: median(as.map((x) => x.cpu)),
    b: median(bs.map((y) => y.cpu)),
    aSys: median(as.map((x) => x.sys)),
    bSys: median(bs.map((y) => y.sys)),
    aWall: median(as.map((x) => x.wall)),
    bWall: median(bs.map((y) => y.wall)),
  };
}

mkdirSync(BENCH, { recursive: true });
if (!process.argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, [join(ROOT, 'tools/cli/scripts/build.mjs')], { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const manifest = bundleManifest();
const built = isBundled(manifest, '@fluxgen/cli') && isBundled(manifest, '@fluxgen/core');
console.log(`fluxgen bench: ${runs} interleaved pairs per figure, CPU = user+sys (${GNU_TIME ? 'GNU time' : 'bash times'}), CLI ${built ? 'bundled (tools/cli/dist/bundle)' : 'from sources (stale build)'}`);
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
// The sys time of a fresh write (creating thousands of files) moves with the state of the disk, for
// the floor as for fluxgen: it is shown apart, so that a ratio can be read against it.
console.log('| N | scenario | fluxgen CPU s | floor CPU s | ratio (median of pairs) | fluxgen CPU per cluster ms | of which sys: fluxgen / floor s | user-time ratio (median of pairs) |');
console.log('|---|---|---|---|---|---|---|---|');

const results = {};
for (const n of sizes) {
  const root = workspace(n);
  const gen = (...extra) => () => measure(process.execPath, [BIN, 'generate', '--root', root, ...extra]);
  gen()(); // writes the trees the floor is made from
  const { file, paths } = floorInput(root);
  // writer-only.mjs must write exactly fluxgen's bytes too.
  const checkOut = join(root, 'writer-check');
  measure(process.execPath, [WRITER_ONLY, file, checkOut]);
  for (const rel of paths) {
    if (readFileSync(join(checkOut, rel), 'utf8') !== readFileSync(join(root, rel), 'utf8')) throw new Error(`writer-only.mjs does not write ${rel} as fluxgen does`);
  }
  rmSync(checkOut, { recursive: true, force: true });
  const floorOut = join(root, 'floor-out');
  const floor = () => {
    rmSync(floorOut, { recursive: true, force: true });
    return measure(process.execPath, [FLOOR, file, floorOut]);
  };
  const scenarios = {
    fresh: [gen(), () => dropTrees(root)],
    'no-op': [gen(), () => {}],
    changed: [gen(), () => changeOneValue(root)],
    '--check': [gen('--check'), () => {}],
  };
  for (const [name, [run, before]] of Object.entries(scenarios)) {
    if (name === '--check' && toggled) {
      changeOneValue(root);
      gen()();
    }
    const p = pairs(run, floor, before);
    results[`${n} ${name}`] = p;
    console.log(`| ${n} | ${name} | ${fmt(p.a)} | ${fmt(p.b)} | ${fmt(p.ratio)}× | ${fmt((p.a / n) * 1000, 0)} | ${sysOf(p)} |`);
  }
  // The lowest a fresh run can go: fluxgen's start-up and writer with nothing rendered or checked.
  const writerOut = join(root, 'writer-out');
  const writerOnly = () => {
    rmSync(writerOut, { recursive: true, force: true });
    return measure(process.execPath, [WRITER_ONLY, file, writerOut]);
  };
  const w = pairs(writerOnly, floor);
  results[`${n} writer alone`] = w;
  console.log(`| ${n} | fresh, start-up and writer alone (nothing rendered or checked: writer-only.mjs) | ${fmt(w.a)} | ${fmt(w.b)} | ${fmt(w.ratio)}× | ${fmt((w.a / n) * 1000, 0)} | ${sysOf(w)} |`);
  // The copies share every component, which one process renders and checks once (core's memo.ts);
  // with the memos off, each cluster costs what it would if no two clusters shared anything.
  const unshared = () => {
    dropTrees(root);
    return measure(process.execPath, [BIN, 'generate', '--root', root], ROOT, { FLUXGEN_MEMO: '0' });
  };
  const u = pairs(unshared, floor);
  results[`${n} unshared`] = u;
  console.log(`| ${n} | fresh, nothing shared between clusters (FLUXGEN_MEMO=0) | ${fmt(u.a)} | ${fmt(u.b)} | ${fmt(u.ratio)}× | ${fmt((u.a / n) * 1000, 0)} | ${sysOf(u)} |`);
  rmSync(root, { recursive: true, force: true });
}
const marginal = (a, b, s) => (results[`${b} ${s}`] && results[`${a} ${s}`] ? ((results[`${b} ${s}`].a - results[`${a} ${s}`].a) / (b - a)) * 1000 : undefined);
const [lo, hi] = [sizes.at(-2), sizes.at(-1)];
if (lo !== undefined && hi !== undefined) {
  for (const s of ['fresh', 'no-op', 'changed', '--check']) {
    const m = marginal(lo, hi, s);
    const f = results[`${hi} ${s}`] && results[`${lo} ${s}`] ? ((results[`${hi} ${s}`].b - results[`${lo} ${s}`].b) / (hi - lo)) * 1000 : undefined;
    if (m !== undefined) console.log(`marginal CPU per cluster (${lo}→${hi}), ${s}: fluxgen ${fmt(m, 0)} ms, floor ${fmt(f, 0)} ms`);
  }
}

if (withNx) {
  console.log('');
  const nx = createRequire(import.meta.url).resolve('nx/bin/nx.js');
  const clusters = readdirSync(join(ROOT, 'clusters')).filter((c) => existsSync(join(ROOT, 'clusters', c, 'cluster.ts')));
  const nxCold = () => measure(process.execPath, [nx, 'run-many', '-t', 'generate', '--skip-nx-cache', '--outputStyle=static']);
  const direct = () => measure(process.execPath, [BIN, 'generate']);
  const p = pairs(nxCold, direct);
  console.log(`nx run-many -t generate --skip-nx-cache (${clusters.length} clusters) vs one fluxgen generate: CPU ${fmt(p.a)} s vs ${fmt(p.b)} s = ${fmt(p.ratio)}×; wall ${fmt(p.aWall)} s vs ${fmt(p.bWall)} s = ${fmt(p.aWall / p.bWall)}×`);
  measure(process.execPath, [nx, 'run-many', '-t', 'generate', '--outputStyle=static']); // fills the cache
  const cached = [];
  for (let i = 0; i < runs; i++) cached.push(measure(process.execPath, [nx, 'run-many', '-t', 'generate', '--outputStyle=static']));
  console.log(`nx run-many -t generate, every task cached (${clusters.length} clusters): wall ${fmt(median(cached.map((c) => c.wall)))} s, CPU ${fmt(median(cached.map((c) => c.cpu)))} s (median of ${runs})`);
}

if (memoryAt > 0) {
  const root = workspace(memoryAt);
  const m = measure(process.execPath, [BIN, 'generate', '--root', root]);
  console.log('');
  console.log(
    m.rss !== undefined
      ? `peak memory, one fresh generate of ${memoryAt} clusters: ${fmt(m.rss / 1024, 0)} MiB max RSS (CPU ${fmt(m.cpu)} s, wall ${fmt(m.wall)} s)`
      : `peak memory: needs GNU time (/usr/bin/time); CPU of ${memoryAt} clusters ${fmt(m.cpu)} s`,
  );
  rmSync(root, { recursive: true, force: true });
}
void statSync;
