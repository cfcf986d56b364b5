#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, with the `@fluxgen/source` export condition so that
// clusters import component sources directly (no build step before `generate`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(
  process.execPath,
  ['--conditions=@fluxgen/source', '--import', tsx, main, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
