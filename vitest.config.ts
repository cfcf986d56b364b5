import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources, as tsx does for `generate`.
const conditions = ['@fluxgen/source', 'node', 'default'];

export default defineConfig({
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
    // worker uses that time. Measured: `vitest run` 149 s with one worker, 121 s with two, 118 s with three.
    maxWorkers: 2,
  },
});
