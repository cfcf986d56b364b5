// `npm run test:stress`: the long whole-process runs (hundreds of random SIGKILLs, concurrent
// runs, real lock waits), kept out of `npm test`. Same resolution as the root config.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../../vitest.config.ts';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../../../', import.meta.url)),
  test: {
    ...base.test,
    include: ['tools/cli/test/stress/**/*.stress.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
