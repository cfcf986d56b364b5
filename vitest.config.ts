import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { v8TuningFor } from './packages/core/src/v8-tuning.js';

/**
 * Files that spend most of their time waiting on child processes (Nx, the fluxgen binary) start
 * first, so that the other worker runs the many short files meanwhile. Vitest orders by the last
 * run's durations when it has them; a fresh clone has none, and these would otherwise come last.
 */
const SLOW_FIRST = ['tools/nx-plugin/test/plugin.test.ts', 'tools/nx-plugin/test/scaffold.test.ts', 'tools/cli/test/kill.test.ts', 'tools/nx-plugin/test/nx-settings.test.ts', 'tools/cli/test/fixtures.test.ts'];
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// Resolve workspace packages to their TypeScript sources, as tsx does for `generate`.
const conditions = ['@fluxgen/source', 'node', 'default'];

/**
 * The entry points of every workspace package (the `exports` of each package.json), as a hash. A
 * module kept in the file-system module cache (below) holds its imports already resolved, and
 * Vitest keys it by the module's own content only: when an entry moves (`@fluxgen/core/charts`
 * from src/charts/index.ts to src/charts.ts), a cached importer would still load the old path.
 * With this in every key, changing an entry point starts a fresh cache.
 */
function workspaceEntries(): string {
  const hash = createHash('sha256');
  for (const folder of ['packages', 'tools', 'clusters']) {
    const dir = new URL(`${folder}/`, import.meta.url);
    for (const name of readdirSync(dir).sort()) {
      let manifest: { exports?: unknown; main?: unknown; imports?: unknown };
      try {
        manifest = JSON.parse(readFileSync(new URL(`${name}/package.json`, dir), 'utf8'));
      } catch {
        continue; // not a package
      }
      hash.update(JSON.stringify([folder, name, manifest.exports ?? null, manifest.main ?? null, manifest.imports ?? null]));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * How many cores other processes kept busy over `ms` milliseconds (Linux: /proc/stat, less this
 * process's own CPU time), or undefined where that cannot be read. Another `npm test` or build
 * running beside this one uses one to two cores the whole time; an idle machine, ~0.02.
 */
async function othersBusy(ms: number): Promise<number | undefined> {
  const busy = (): number | undefined => {
    try {
      const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
      // user nice system idle iowait …, in USER_HZ (1/100 s) on every Linux.
      return cpu.reduce((a, b) => a + b, 0) - cpu[3]! - (cpu[4] ?? 0);
    } catch {
      return undefined;
    }
  };
  const before = busy();
  if (before === undefined) return undefined;
  const own = process.cpuUsage();
  const start = performance.now();
  await new Promise((done) => setTimeout(done, ms));
  const mine = process.cpuUsage(own);
  const elapsed = performance.now() - start;
  return ((busy()! - before) * 10 - (mine.user + mine.system) / 1000) / elapsed;
}

/**
 * A busy machine: other processes using at least 0.75 of a core right now; where that cannot be
 * read, a 1-minute load average at or above the cores. The load average lags, and counts this
 * run's own work: two `npm test` started together each saw ~1.3 when their Vitest started, and
 * one `npm test` alone in a fresh clone 3.1 (its `npm ci` and build, all finished by then).
 */
const others = await othersBusy(300);
const load = loadavg()[0];
const busy = others !== undefined ? others >= 0.75 : load >= availableParallelism();
if (busy) {
  const why = others !== undefined ? `other processes use ${others.toFixed(1)} cores` : `load average ${load.toFixed(1)}`;
  console.log(`vitest.config.ts: the machine is busy (${why}): one worker`);
}

export default defineConfig({
  plugins: [
    {
      name: 'fluxgen:workspace-entries-in-cache-key',
      configureVitest({ experimental_defineCacheKeyGenerator }) {
        const entries = workspaceEntries();
        experimental_defineCacheKeyGenerator(() => entries);
      },
    },
  ],
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@fluxgen/source'] } },
  test: {
    include: ['{packages,tools,clusters}/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    // Set-up that builds trees or charts runs while other work loads the machine: no 10 s default.
    hookTimeout: 120_000,
    // One module graph per worker instead of one per test file: no test mocks modules or relies on
    // fresh module state, and re-importing core, ajv and the chart schemas for each of ~30 files
    // cost ~40% of the suite's CPU time (measured: 146 s → 87 s of CPU for `vitest run`).
    isolate: false,
    // Two workers, also on a 2-core machine (Vitest's default there is one, so the suite ran file
    // after file): many tests wait on child processes (Nx, the fluxgen binary), and the second
    // worker uses that time (`vitest run` alone: 149 s with one worker, 121 s with two). On a machine
    // that is already busy when the run starts (`busy` above), one: there is no idle time to use,
    // and a second worker only loads every module a second time.
    // Measured with two fresh clones running `npm test` at once: 129–149 s with two workers each,
    // 123–129 s with one.
    maxWorkers: busy ? 1 : 2,
    // The workers run V8 as the fluxgen CLI does (packages/core/src/v8-tuning.ts): the validators'
    // code caches, written under those flags by the build, are then used here too.
    execArgv: [...v8TuningFor(process.versions.v8)],
    sequence: { sequencer: SlowFirst },
    // Transformed modules kept on disk (node_modules/.vite/), keyed by content and config: the
    // nested Vitest runs of the scaffold test, and the next run, reuse them. Measured from a cold
    // cache: `vitest run` 93 s → 82 s of CPU.
    experimental: { fsModuleCache: true },
  },
});
