#!/usr/bin/env node
// Runs the TypeScript CLI in this very process: tsx's loader and a hook adding the
// `@fluxgen/source` export condition are registered here, so that clusters import component
// sources directly (no build step before `generate`). One process: a signal sent to `fluxgen`
// reaches the code that writes, and its exit code is the command's.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./source-condition.mjs', import.meta.url);
await import('../src/main.ts');
