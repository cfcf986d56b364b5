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
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { pullChart } = require('../tools/nx-plugin/src/chart-pull.js');
const tsx = require.resolve('tsx');

function run(args, env = {}) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
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
const packages = [...new Set(pulled.map((p) => `packages/${p.pkg}`))];
if (packages.length > 0) run([join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...packages], { UPDATE_GOLDEN: '1' });
run(['--conditions=@fluxgen/source', '--import', tsx, join(ROOT, 'scripts/values-schemas.ts')]);
console.log(pulled.length > 0 ? `regenerated after ${pulled.map((p) => `${p.component} ${p.currentValue}`).join(', ')}` : 'regenerated (no new chart data needed)');
