import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources, as tsx does for `generate`.
const conditions = ['@fluxgen/source', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@fluxgen/source'] } },
  test: {
    include: ['{packages,tools,clusters}/*/test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
