// @ts-check
/**
 * `nx g @fluxgen/nx-plugin:component cert-manager --version=v1.21.1 --namespace=cert-manager
 * --repository=https://charts.jetstack.io`: a component package that follows the house pattern
 * (docs/components.md), with a golden test and a first bad-input fixture.
 */
const { join } = require('node:path');
const { generateFiles, installPackagesTask, names } = require('@nx/devkit');

/**
 * @param {import('@nx/devkit').Tree} tree
 * @param {{ name: string; title?: string; chart?: string; version: string; repository?: string; oci?: string; namespace: string; category?: string }} options
 */
async function componentGenerator(tree, options) {
  const root = `packages/${options.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  if (!options.repository && !options.oci) throw new Error('give --repository (https://…) or --oci (oci://…), or both');
  const n = names(options.name);
  generateFiles(tree, join(__dirname, 'files'), root, {
    tmpl: '',
    name: options.name,
    factory: n.propertyName,
    pascal: n.className,
    title: options.title ?? n.className.replace(/([a-z])([A-Z])/g, '$1 $2'),
    chart: options.chart ?? options.name,
    version: options.version,
    repository: options.repository ?? '',
    oci: options.oci ?? '',
    namespace: options.namespace,
    category: options.category ?? 'core',
  });
  return () => installPackagesTask(tree);
}

module.exports = componentGenerator;
module.exports.default = componentGenerator;
