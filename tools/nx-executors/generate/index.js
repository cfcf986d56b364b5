// @ts-check
/**
 * The `generate` executor: `fluxgen generate` for one cluster, or, as Nx's batch implementation
 * (`preferBatch`: what `nx run-many -t generate` and `nx affected -t generate` use), for every
 * cluster of the run in ONE fluxgen process, so its start-up is paid once. Nx still caches each
 * cluster's task on its own (its inputs, its `flux/infra` output).
 *
 * fluxgen renders every cluster it is given before writing any; when one of a batch's clusters has
 * a problem the whole process writes nothing, so the batch then runs each cluster in a process of
 * its own: every valid cluster is written and each task gets its own result and output.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

/**
 * @typedef {object} GenerateOptions
 * @property {string} cluster The cluster folder, relative to the workspace root.
 */

/**
 * Runs fluxgen on some cluster folders, in the workspace root, with the output captured.
 * @param {string} root
 * @param {readonly string[]} clusters
 */
function fluxgen(root, clusters) {
  const r = spawnSync(process.execPath, [join(root, 'tools/cli/bin/fluxgen.js'), 'generate', ...clusters], {
    cwd: root,
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 28,
  });
  return { success: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/**
 * One cluster.
 * @param {GenerateOptions} options
 * @param {import('@nx/devkit').ExecutorContext} context
 */
async function generate(options, context) {
  const r = fluxgen(context.root, [options.cluster]);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.error) console.error(r.error.message);
  return { success: r.success };
}

/** The summary lines of one cluster in fluxgen's output (`<name>: ... (clusters/<name>/flux/infra)` and what follows it). */
function linesOf(stdout, cluster) {
  const out = [];
  let mine = false;
  for (const line of stdout.split('\n')) {
    if (/^\S/.test(line)) mine = line.includes(`(${cluster}/flux/infra)`);
    if (mine) out.push(line);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/**
 * Every cluster of an Nx run in one fluxgen process. Yields each task's result (Nx prints each
 * task's own output and caches each task on its own).
 * @param {import('@nx/devkit').TaskGraph} taskGraph
 * @param {Record<string, GenerateOptions>} inputs
 * @param {unknown} _overrides
 * @param {import('@nx/devkit').ExecutorContext} context
 * @returns {AsyncGenerator<{ task: string, result: { success: boolean, terminalOutput: string, startTime: number, endTime: number } }>}
 */
async function* batch(taskGraph, inputs, _overrides, context) {
  const ids = Object.keys(taskGraph.tasks);
  const startTime = Date.now();
  const all = fluxgen(context.root, ids.map((id) => inputs[id].cluster));
  const endTime = Date.now();
  if (all.success) {
    for (const id of ids) yield { task: id, result: { success: true, terminalOutput: linesOf(all.stdout, inputs[id].cluster), startTime, endTime } };
    return;
  }
  // One of them (at least) has a problem: each on its own, for its own result and output.
  for (const id of ids) {
    const start = Date.now();
    const one = fluxgen(context.root, [inputs[id].cluster]);
    yield {
      task: id,
      result: { success: one.success, terminalOutput: `${one.stdout}${one.stderr}${one.error ? `${one.error.message}\n` : ''}`, startTime: start, endTime: Date.now() },
    };
  }
}

module.exports = generate;
module.exports.default = generate;
module.exports.batch = batch;
