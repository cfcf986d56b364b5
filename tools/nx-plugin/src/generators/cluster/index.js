// @ts-check
/**
 * `nx g @fluxgen/nx-plugin:cluster <name> --components=cilium,metrics-server`: a new cluster
 * package with a `cluster.ts` that uses the named component packages with their defaults.
 */
const { join } = require('node:path');
const { generateFiles, installPackagesTask, names } = require('@nx/devkit');

/**
 * @param {import('@nx/devkit').Tree} tree
 * @param {{ name: string; components?: string[] }} options
 */
async function clusterGenerator(tree, options) {
  const root = `clusters/${options.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already: choose another cluster name`);
  const components = (options.components ?? []).map((pkg) => {
    if (!tree.exists(`packages/${pkg}/package.json`)) {
      throw new Error(`no component package packages/${pkg}: the components are ${listComponents(tree).join(', ')}`);
    }
    return { pkg, factory: names(pkg).propertyName };
  });
  generateFiles(tree, join(__dirname, 'files'), root, { tmpl: '', name: options.name, components });
  return () => installPackagesTask(tree);
}

/** @param {import('@nx/devkit').Tree} tree */
function listComponents(tree) {
  return tree.children('packages').filter((p) => p !== 'core' && tree.exists(`packages/${p}/package.json`));
}

module.exports = clusterGenerator;
module.exports.default = clusterGenerator;
