#!/usr/bin/env node
// `npm run build`: what makes `fluxgen` start fast, and the type check. Nothing here is needed for
// correctness: without it (or for anything edited since), fluxgen runs from the TypeScript sources
// and compiles schemas at run time, with the same output and the same errors.
//
//   1. unless --no-typecheck: one TypeScript program over every package, tool, cluster, test and
//      script (tsconfig.check.json, no output): the type check of `npm test`;
//   2. unless --no-validators: ajv standalone validators, the CRD index and the README templates
//      precompiled (packages/core/scripts/validators.ts), into packages/core/dist/;
//   3. the bundle bin/fluxgen.js starts from (scripts/bundle.mjs), into tools/cli/dist/bundle/, with
//      the hash of the sources of each package it holds (build-state.mjs).
//
//   node tools/cli/scripts/build.mjs [--no-typecheck] [--no-validators]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, sourceHash, statStamp, workspacePackages } from '../bin/build-state.mjs';
import { bundle } from './bundle.mjs';

const require = createRequire(import.meta.url);
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Hashed before bundling: a file edited meanwhile leaves its package stale, never wrongly fresh.
const packages = [...workspacePackages()].map(([name, dir]) => [name, dir, sourceHash(dir), statStamp(dir)]);
if (!process.argv.includes('--no-typecheck')) run([require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.check.json')]);
if (!process.argv.includes('--no-validators')) {
  run(['--conditions=@fluxgen/source', '--import', 'tsx', join(ROOT, 'packages/core/scripts/validators.ts')]);
}
await bundle(ROOT, packages);
