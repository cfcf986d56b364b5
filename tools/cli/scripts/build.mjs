#!/usr/bin/env node
// `npm run build`: what makes `fluxgen` start fast. Nothing here is needed for correctness: without
// it (or for anything edited since), fluxgen runs from the TypeScript sources and compiles schemas
// at run time, with the same output and the same errors.
//
//   1. `tsc -b`: every workspace package to dist/ (also what `npm test` type-checks);
//   2. a stamp per package (dist/.fluxgen-build: the hash of the sources it was built from), which
//      bin/fluxgen.js compares to decide between dist/ and the sources;
//   3. unless --no-validators: ajv standalone validators and the CRD index
//      (packages/core/scripts/validators.ts), into packages/core/dist/;
//   4. the bundle bin/fluxgen.js starts from (scripts/bundle.mjs), into tools/cli/dist/bundle/.
//
//   node tools/cli/scripts/build.mjs [--no-validators]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, sourceHash, STAMP, workspacePackages } from '../bin/build-state.mjs';
import { bundle } from './bundle.mjs';

const require = createRequire(import.meta.url);
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Hashed before compiling: a file edited while tsc runs leaves its package stale, never wrongly fresh.
const hashes = [...workspacePackages()].map(([name, dir]) => [dir, sourceHash(dir), name]);
run([require.resolve('typescript/bin/tsc'), '-b']);
for (const [dir, hash] of hashes) writeFileSync(join(dir, 'dist', STAMP), `${hash}\n`);
if (!process.argv.includes('--no-validators')) {
  run(['--conditions=@fluxgen/source', '--import', 'tsx', join(ROOT, 'packages/core/scripts/validators.ts')]);
}
await bundle(ROOT, hashes.map(([dir, hash, name]) => [name, dir, hash]));
