#!/usr/bin/env node
// Benchmark of `generate`, as whole processes, all measured in one run so the ratios hold on a
// noisy machine. Runs each command RUNS times (after one warm-up), interleaved, and prints the
// median wall time of each and the ratios between them.
//
//   node tools/cli/bench/generate.mjs [runs]
//
//   direct   fluxgen generate --check        one process renders every cluster
//   nx-cold  nx run-many -t generate --skip-nx-cache   one Nx task (process) per cluster
//   nx-warm  nx run-many -t generate         the same with Nx's cache: outputs restored, nothing runs
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = [createRequire(import.meta.url).resolve('nx/bin/nx.js'), 'run-many', '-t', 'generate', '--outputStyle=static'];
const commands = {
  direct: [process.execPath, ['tools/cli/bin/fluxgen.js', 'generate', '--check']],
  'nx-cold': [process.execPath, [...nx, '--skip-nx-cache']],
  'nx-warm': [process.execPath, nx],
};

function time([cmd, args]) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return performance.now() - start;
}

const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const c of Object.values(commands)) time(c); // warm-up (fills the Nx cache too)
for (let i = 0; i < runs; i++) for (const [k, c] of Object.entries(commands)) samples[k].push(time(c));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
for (const [k, xs] of Object.entries(samples)) {
  console.log(`${k.padEnd(8)} median ${(m[k] / 1000).toFixed(2)} s  (min ${(Math.min(...xs) / 1000).toFixed(2)}, max ${(Math.max(...xs) / 1000).toFixed(2)}, ${xs.length} runs)`);
}
console.log(`ratio nx-cold / direct: ${(m['nx-cold'] / m.direct).toFixed(2)}`);
console.log(`ratio nx-warm / nx-cold: ${(m['nx-warm'] / m['nx-cold']).toFixed(2)}`);
