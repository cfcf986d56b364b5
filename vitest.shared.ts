import { defineProject } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources, as tsx does for `generate`.
const conditions = ['@fluxgen/source', 'node', 'default'];

/**
 * The Vitest config of one project (`<project>/vitest.config.ts`), run by its inferred Nx `test`
 * target (`nx affected -t test`) with the project folder as root. The root vitest.config.ts runs
 * every project's tests at once for `npm test`.
 */
export function projectConfig(): ReturnType<typeof defineProject> {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@fluxgen/source'] } },
    test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 120_000, experimental: { fsModuleCache: true } },
  });
}
