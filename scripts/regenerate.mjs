#!/usr/bin/env node
/**
 * `npm run regenerate`: after a pin moved (a Renovate branch, or a bump by hand), bring the tree in
 * line with the sources:
 *   1. vendor the data of every pinned version that is not on disk yet (`fluxgen chart pull`);
 *   2. render every cluster (`fluxgen generate`);
 *   3. accept the golden files of the components whose data was just pulled (their chart version
 *      is in them), so the branch's tests pass and the golden diff shows the bump;
 *   4. re-export the values JSON Schemas (`scripts/values-schemas.ts`).
 * Exit 1 when data could not be pulled: the tree would not validate (CHART_DATA_MISSING).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { pullChart } = require('../tools/nx-plugin/src/chart-pull.js');
const tsx = require.resolve('tsx');

/** Every file under dir. */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));
}

/** A package's golden tree renders each pinned version; one that mentions it nowhere predates the bump. */
function goldenBehind(pin) {
  const golden = files(join(ROOT, 'packages', pin.pkg, 'test', 'golden'));
  if (golden.length === 0) return false;
  const version = new RegExp(`(^|[^0-9A-Za-z.])${pin.currentValue.replace(/[.+]/g, '\\$&')}($|[^0-9A-Za-z.])`, 'm');
  return !golden.some((f) => version.test(readFileSync(f, 'utf8')));
}

function run(args, env = {}, fatal = true) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0 && fatal) process.exit(r.status ?? 1);
  return r.status === 0;
}

const pins = JSON.parse(
  execFileSync(process.execPath, ['--conditions=@fluxgen/source', '--import', tsx, join(ROOT, 'scripts/pins.ts')], { cwd: ROOT, encoding: 'utf8' }),
);
const pulled = [];
const failed = [];
for (const pin of pins.filter((p) => p.missingData)) {
  console.log(`${pin.component} ${pin.currentValue}: ${pin.missingData} missing, pulling`);
  const r = pullChart(ROOT, pin.component, pin.currentValue);
  if (r.ok) pulled.push(pin);
  else failed.push(r.message);
}
if (failed.length > 0) {
  for (const m of failed) console.error(`CHART_DATA_MISSING ${m}`);
  process.exit(1);
}

run([join(ROOT, 'tools/cli/bin/fluxgen.js'), 'generate']);
const packages = [...new Set([...pulled, ...pins.filter(goldenBehind)].map((p) => `packages/${p.pkg}`))].sort();
// Golden trees are rewritten even when other assertions fail: the exact facts a test pins (such
// as the chart version) are for a person to update, and CI shows them failing on the branch.
const factsPass = packages.length === 0 || run([join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...packages], { UPDATE_GOLDEN: '1' }, false);
run(['--conditions=@fluxgen/source', '--import', tsx, join(ROOT, 'scripts/values-schemas.ts')]);
if (!factsPass) console.warn(`golden files rewritten, but tests of ${packages.join(', ')} still fail: update the exact facts they assert (e.g. the chart version)`);
console.log(`regenerated; chart data pulled: ${pulled.map((p) => `${p.component} ${p.currentValue}`).join(', ') || 'none'}; golden files accepted: ${packages.join(', ') || 'none'}`);
