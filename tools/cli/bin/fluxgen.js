#!/usr/bin/env node
// Runs the CLI in this very process (a signal sent to `fluxgen` reaches the code that writes, and
// its exit code is the command's), the fastest way that is up to date:
//
// - bundled: `npm run build` (also part of `npm test`) bundled the CLI, core and the component
//   packages into dist/bundle/ (a few ES modules, no loader hook), and the CLI's and core's sources
//   are still what was bundled. Cluster files are compiled by esbuild in memory
//   (src/bundled-import.ts); a component package edited since the build is compiled from its sources.
// - built: dist/ is fresh but the bundle is not (`tsc -b` alone): the built CLI and core, then tsx
//   registered for the clusters' `cluster.ts`, and a resolve hook sends each component package
//   edited since the build to its TypeScript sources (the others load from dist/).
// - otherwise: everything from the TypeScript sources through tsx, as before any build. Slower to
//   start, same results. `FLUXGEN_FROM_SOURCE=1` forces this.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { isBuilt, ROOT, sourceHash } from './build-state.mjs';

const fromSource = ['1', 'true'].includes(process.env['FLUXGEN_FROM_SOURCE'] ?? '');
const BUNDLE = join(ROOT, 'tools', 'cli', 'dist', 'bundle');

/** The bundle's manifest when the CLI and core are as bundled, else undefined. */
function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(BUNDLE, 'bundle.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const same = (name) => manifest.packages[name] && sourceHash(join(ROOT, manifest.packages[name].dir)) === manifest.packages[name].hash;
  return same('@fluxgen/cli') && same('@fluxgen/core') ? manifest : undefined;
}

const manifest = fromSource ? undefined : freshBundle();
const debug = ['1', 'true'].includes(process.env['FLUXGEN_DEBUG'] ?? '') || process.argv.includes('--debug');
if (manifest) {
  if (debug) process.stderr.write(`fluxgen: running the bundle (tools/cli/dist/bundle)\n`);
  const cli = await import('../dist/bundle/cli.js');
  cli.useClusterImporter(cli.bundledImporter(BUNDLE, ROOT, manifest, sourceHash));
  await cli.main();
} else {
  const built = !fromSource && isBuilt(join(ROOT, 'tools', 'cli')) && isBuilt(join(ROOT, 'packages', 'core'));
  if (debug) process.stderr.write(`fluxgen: running ${built ? 'the built CLI (dist/) with tsx for cluster files' : 'from the TypeScript sources (tsx)'}\n`);
  const entry = built ? await import('../dist/process.js') : undefined;
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register('./source-condition.mjs', import.meta.url, { data: { all: !built } });
  const { main } = entry ?? (await import('../src/process.ts'));
  await main();
}
