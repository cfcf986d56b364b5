// @ts-check
/**
 * Vendors the chart data of a pinned version through `fluxgen chart pull <component> <version>`,
 * for the component scaffold and `npm run regenerate`. Never throws: when the command is missing,
 * the network is down or the pull fails, it says which command to run by hand.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * @param {string} root workspace root
 * @param {string} component component name
 * @param {string} version the exact chart version (or Git tag) to vendor
 * @param {{ quiet?: boolean }} [options]
 * @returns {{ ok: true } | { ok: false; message: string }}
 */
function pullChart(root, component, version, options = {}) {
  const command = `npx fluxgen chart pull ${component} ${version}`;
  if (process.env['FLUXGEN_OFFLINE'] === '1') {
    return { ok: false, message: `FLUXGEN_OFFLINE=1: chart data not pulled; run \`${command}\`` };
  }
  const r = spawnSync(process.execPath, [join(root, 'tools/cli/bin/fluxgen.js'), 'chart', 'pull', component, version], {
    cwd: root,
    encoding: 'utf8',
    stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'pipe'],
    timeout: 300_000,
  });
  if (r.status === 0) return { ok: true };
  const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.status}`;
  return { ok: false, message: `chart data for ${component} ${version} not pulled (${why}); run \`${command}\`` };
}

module.exports = { pullChart };
