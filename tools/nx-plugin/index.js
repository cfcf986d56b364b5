// @ts-check
/**
 * Local Nx plugin: every `clusters/<name>/cluster.ts` makes its folder a project with a cached
 * `generate` target that renders `clusters/<name>/flux/infra`. Its executor (tools/nx-executors) runs
 * all the clusters of one `nx run-many` / `nx affected` in one fluxgen process (Nx batch mode).
 *
 * Kept in plain JS with JSDoc types: a TypeScript plugin would need swc or ts-node on Node 20.
 */
const { dirname } = require('node:path');

/**
 * @typedef {object} FluxgenPluginOptions
 * @property {string} [targetName] Name of the inferred target. Default: `generate`.
 */

/**
 * The project of one `clusters/<name>/cluster.ts`.
 * @param {string} configFile
 * @param {FluxgenPluginOptions} options
 * @returns {import('@nx/devkit').CreateNodesResult}
 */
function clusterProject(configFile, options) {
  const root = dirname(configFile);
  const targetName = options.targetName ?? 'generate';
  return {
    projects: {
      [root]: {
        targets: {
          [targetName]: {
            // One cluster per task; the clusters of one run share a fluxgen process (batch).
            // A path outside every Nx project: see tools/nx-executors/README.md.
            executor: './tools/nx-executors:generate',
            options: { cluster: root },
            cache: true,
            // The cluster's own sources (never its generated tree), what it imports, and
            // the CLI that renders it.
            inputs: [
              '{projectRoot}/**/*',
              '!{projectRoot}/flux/**/*',
              '!{projectRoot}/test/**/*',
              '^production',
              { externalDependencies: ['yaml', 'handlebars', 'ajv', '@sinclair/typebox'] },
            ],
            outputs: ['{projectRoot}/flux/infra'],
            metadata: {
              description: 'Render cluster.ts into flux/infra (fluxgen generate)',
              technologies: ['flux'],
            },
          },
        },
      },
    },
  };
}

/**
 * The batched form: one result per file. Written out rather than with `createNodesFromFiles`:
 * loading `@nx/devkit` cost ~145 ms of CPU in every Nx command, for a loop over the files (whose
 * only other work, collecting the files' errors, has nothing to collect here: nothing throws).
 * @type {import('@nx/devkit').CreateNodes<FluxgenPluginOptions>}
 */
const createNodes = ['clusters/*/cluster.ts', (configFiles, options) => configFiles.map((file) => /** @type {const} */ ([file, clusterProject(file, options ?? {})]))];

module.exports = { name: '@fluxgen/nx-plugin', createNodes };
