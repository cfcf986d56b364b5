#!/usr/bin/env node
// Runs the CLI in this very process (a signal sent to `fluxgen` reaches the code that writes, and
// its exit code is the command's), from its built JavaScript when that is fresh:
//
// - built: `npm run build` (also part of `npm test`) compiled the CLI and core to dist/ and nothing
//   changed since (build-state.mjs). They are loaded first, with no loader hook; then tsx is
//   registered for the clusters' `cluster.ts`, and a resolve hook sends each component package
//   edited since the build to its TypeScript sources (the others load from dist/).
// - otherwise: everything from the TypeScript sources through tsx, as before any build. Slower to
//   start, same results. `FLUXGEN_FROM_SOURCE=1` forces this.
import { register } from 'node:module';
import { join } from 'node:path';
import { register as registerTsx } from 'tsx/esm/api';
import { isBuilt, ROOT } from './build-state.mjs';

const built =
  !['1', 'true'].includes(process.env['FLUXGEN_FROM_SOURCE'] ?? '') &&
  isBuilt(join(ROOT, 'tools', 'cli')) &&
  isBuilt(join(ROOT, 'packages', 'core'));

const entry = built ? await import('../dist/process.js') : undefined;
registerTsx();
register('./source-condition.mjs', import.meta.url, { data: { all: !built } });
const { main } = entry ?? (await import('../src/process.ts'));
await main();
