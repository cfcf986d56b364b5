#!/usr/bin/env node
// Runs the CLI in this very process (a signal sent to `fluxgen` reaches the code that writes, and
// its exit code is the command's), the fastest way that is up to date:
//
// - bundled: `npm run build` (also part of `npm test`) bundled the CLI, core and the component
//   packages into dist/bundle/ (a few ES modules, no loader hook), and the CLI's and core's sources
//   are still what was bundled. Cluster files are compiled in memory
//   (src/bundled-import.ts: oxc-transform for the usual file, esbuild for the rest); a component
//   package edited since the build is compiled from its sources.
// - otherwise: everything from the TypeScript sources through tsx, as before any build. Slower to
//   start, same results. `FLUXGEN_FROM_SOURCE=1` forces this.
import { register } from 'node:module';
import { join, relative } from 'node:path';
import { BUNDLE, bundleManifest, currentHash, isBundled, ROOT } from './build-state.mjs';

const fromSource = ['1', 'true'].includes(process.env['FLUXGEN_FROM_SOURCE'] ?? '');
const debug = ['1', 'true'].includes(process.env['FLUXGEN_DEBUG'] ?? '') || process.argv.includes('--debug');
const manifest = fromSource ? undefined : bundleManifest();
if (manifest && isBundled(manifest, '@fluxgen/cli') && isBundled(manifest, '@fluxgen/core')) {
  if (debug) {
    process.stderr.write('fluxgen: running the bundle (tools/cli/dist/bundle)\n');
    process.setSourceMapsEnabled(true); // stack traces in the sources, not the bundle
  }
  const cli = await import('../dist/bundle/cli.js');
  const recorded = new Map(Object.values(manifest.packages).map((p) => [join(ROOT, p.dir), p]));
  const compiled = debug ? (file, by) => process.stderr.write(`fluxgen: ${relative(process.cwd(), file)} compiled by ${by}\n`) : undefined;
  cli.useClusterImporter(cli.bundledImporter(BUNDLE, ROOT, manifest, (dir) => currentHash(dir, recorded.get(dir)), compiled));
  await cli.main();
} else {
  if (debug) process.stderr.write('fluxgen: running from the TypeScript sources (tsx)\n');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register('./source-condition.mjs', import.meta.url);
  const { main } = await import('../src/process.ts');
  await main();
}
