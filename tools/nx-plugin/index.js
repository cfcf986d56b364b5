// @ts-check
/**
 * Local Nx plugin: every `clusters/<name>/cluster.ts` makes its folder a project with a cached
 * `generate` target that renders `clusters/<name>/flux/infra`. Its executor (executors.json) runs
 * all the clusters of one `nx run-many` / `nx affected` in one fluxgen process (Nx batch mode).
 *
 * Kept in plain JS with JSDoc types: a TypeScript plugin would need swc or ts-node on Node 20.
 */
const { dirname } = require('node:path');
const { createNodesFromFiles } = require('@nx/devkit');

/**
 * @typedef {object} FluxgenPluginOptions
 * @property {string} [targetName] Name of the inferred target. Default: `generate`.
 */

/** @type {import('@nx/devkit').CreateNodes<FluxgenPluginOptions>} */
const createNodes = [
  'clusters/*/cluster.ts',
  (configFiles, options, context) =>
    createNodesFromFiles(
      (configFile, opts) => {
        const root = dirname(configFile);
        const targetName = opts?.targetName ?? 'generate';
        return {
          projects: {
            [root]: {
              targets: {
                [targetName]: {
                  // One cluster per task; the clusters of one run share a fluxgen process (batch).
                  executor: '@fluxgen/nx-plugin:generate',
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
      },
      configFiles,
      options ?? {},
      context,
    ),
];

module.exports = { name: '@fluxgen/nx-plugin', createNodes };
