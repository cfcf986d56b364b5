// @ts-check
/**
 * `nx g @fluxgen/nx-plugin:component cert-manager --chartVersion=v1.21.1 --namespace=cert-manager
 * --repository=https://charts.jetstack.io`: a component package that follows the house pattern
 * (docs/components.md), with its Renovate annotation, a golden test and a first bad-input fixture.
 * After writing the files it installs the workspace link and pulls the chart data of the pinned
 * version (`fluxgen chart pull`); without network the package's test says which command to run.
 *
 * The option is `chartVersion`, not `version`: Nx reads `--version` itself (it prints Nx's version).
 */
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { generateFiles, installPackagesTask, names, logger } = require('@nx/devkit');
const { pullChart } = require('../../chart-pull.js');

/**
 * @typedef {object} ComponentOptions
 * @property {string} name
 * @property {string} chartVersion
 * @property {string} namespace
 * @property {string} [title]
 * @property {string} [chart]
 * @property {string} [repository]
 * @property {string} [oci]
 * @property {string} [category]
 * @property {boolean} [pull] pull the chart data after writing (default true)
 */

/** The `// renovate:` annotation Renovate's custom manager reads (renovate.json). */
function renovateAnnotation(/** @type {ComponentOptions} */ options, /** @type {string} */ chart) {
  if (options.repository) return `datasource=helm depName=${chart} registryUrl=${options.repository}`;
  return `datasource=docker depName=${String(options.oci).replace(/^oci:\/\//, '')}`;
}

/**
 * @param {import('@nx/devkit').Tree} tree
 * @param {ComponentOptions} options
 */
async function componentGenerator(tree, options) {
  const root = `packages/${options.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  if (!options.chartVersion) throw new Error('give --chartVersion=<exact chart version> (Nx keeps --version for itself)');
  if (!options.repository && !options.oci) throw new Error('give --repository (https://…) or --oci (oci://…), or both');
  const n = names(options.name);
  const chart = options.chart ?? options.name;
  generateFiles(tree, join(__dirname, 'files'), root, {
    tmpl: '',
    name: options.name,
    factory: n.propertyName,
    pascal: n.className,
    title: options.title ?? n.className.replace(/([a-z])([A-Z])/g, '$1 $2'),
    chart,
    version: options.chartVersion,
    repository: options.repository ?? '',
    oci: options.oci ?? '',
    namespace: options.namespace,
    category: options.category ?? 'core',
    renovate: renovateAnnotation(options, chart),
  });
  return () => {
    installPackagesTask(tree);
    if (options.pull === false) return;
    const pulled = pullChart(tree.root, options.name, options.chartVersion);
    if (!pulled.ok) {
      logger.warn(`${pulled.message}, then \`UPDATE_GOLDEN=1 npx vitest run ${root}\`.`);
      return;
    }
    // Chart data in place: write the first golden tree, so the new package's tests pass.
    spawnSync(process.execPath, [join(tree.root, 'node_modules/vitest/vitest.mjs'), 'run', root], {
      cwd: tree.root,
      stdio: 'inherit',
      env: { ...process.env, UPDATE_GOLDEN: '1' },
    });
    logger.info(`${root}: review test/golden/defaults, then \`npx nx sync\` and \`npm run schemas\`.`);
  };
}

module.exports = componentGenerator;
module.exports.default = componentGenerator;
module.exports.renovateAnnotation = renovateAnnotation;
