/** The generators, run on a virtual tree. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { annotationManager } from '../../../scripts/pins.js';
import { REPO } from '../../cli/test/workspace.js';

const require = createRequire(import.meta.url);
const clusterGenerator = require('../src/generators/cluster/index.js');
const componentGenerator = require('../src/generators/component/index.js');
// Loaded through Node's own require, like Nx loads generators (not through the test bundler).
const { createTreeWithEmptyWorkspace } = require('nx/src/devkit-testing-exports.js');

function workspace() {
  const tree = createTreeWithEmptyWorkspace();
  for (const pkg of ['core', 'cilium', 'metrics-server']) tree.write(`packages/${pkg}/package.json`, '{}');
  return tree;
}

describe('cluster generator', () => {
  it('scaffolds cluster.ts using the chosen components', async () => {
    const tree = workspace();
    await clusterGenerator(tree, { name: 'lab', components: ['cilium', 'metrics-server'] });
    expect(tree.children('clusters/lab').sort()).toEqual(['cluster.ts', 'package.json', 'tsconfig.json']);
    const source = tree.read('clusters/lab/cluster.ts', 'utf-8');
    expect(source).toContain("import { metricsServer } from '@fluxgen/metrics-server';");
    expect(source).toContain("name: 'lab',");
    expect(source).toMatch(/components: \[\s*cilium\(\),\s*metricsServer\(\),\s*\]/);
    expect(JSON.parse(tree.read('clusters/lab/package.json', 'utf-8')!)).toMatchObject({
      name: '@fluxgen/cluster-lab',
      nx: { name: 'lab' },
      dependencies: { '@fluxgen/core': '*', '@fluxgen/cilium': '*', '@fluxgen/metrics-server': '*' },
    });
  });

  it('refuses an unknown component and an existing cluster', async () => {
    const tree = workspace();
    await expect(clusterGenerator(tree, { name: 'lab', components: ['cillium'] })).rejects.toThrow(
      'no component package packages/cillium: the components are cilium, metrics-server',
    );
    await clusterGenerator(tree, { name: 'lab' });
    await expect(clusterGenerator(tree, { name: 'lab' })).rejects.toThrow('clusters/lab exists already');
  });
});

describe('component generator', () => {
  it('scaffolds a component package with a golden test and a fixture', async () => {
    const tree = workspace();
    await componentGenerator(tree, {
      name: 'cert-manager',
      chartVersion: 'v1.21.1',
      namespace: 'cert-manager',
      repository: 'https://charts.jetstack.io',
      oci: 'oci://quay.io/jetstack/charts/cert-manager',
      category: 'security',
    });
    const source = tree.read('packages/cert-manager/src/index.ts', 'utf-8')!;
    expect(source).toContain('export const CertManagerValuesSchema = Type.Object({');
    expect(source).toContain('export const certManager = defineComponent({');
    expect(source).toContain("version: 'v1.21.1',");
    expect(source).toContain("oci: 'oci://quay.io/jetstack/charts/cert-manager',");
    expect(tree.exists('packages/cert-manager/test/cert-manager.test.ts')).toBe(true);
    expect(tree.read('packages/cert-manager/test/invalid/replicas-zero.ts', 'utf-8')).toContain('// expect: VALUE_INVALID replicas');
    expect(tree.exists('packages/cert-manager/vitest.config.ts')).toBe(true);
    expect(tree.read('packages/cert-manager/test/cert-manager.test.ts', 'utf-8')).toContain(
      'run `npx fluxgen chart pull cert-manager v1.21.1`',
    );
  });

  it('annotates the pin so that Renovate finds it (the manager regex of renovate.json)', async () => {
    const { matchStrings } = annotationManager(REPO);
    for (const [source, expected] of [
      [{ repository: 'https://charts.jetstack.io' }, { datasource: 'helm', depName: 'cert-manager', registryUrl: 'https://charts.jetstack.io' }],
      [{ oci: 'oci://quay.io/jetstack/charts/cert-manager' }, { datasource: 'docker', depName: 'quay.io/jetstack/charts/cert-manager' }],
    ] as const) {
      const tree = workspace();
      await componentGenerator(tree, { name: 'cert-manager', chartVersion: 'v1.21.1', namespace: 'cert-manager', ...source });
      const text = tree.read('packages/cert-manager/src/index.ts', 'utf-8')!;
      const groups = matchStrings.flatMap((re) => [...text.matchAll(new RegExp(re, 'g'))].map((m) => ({ ...m.groups })));
      expect(groups).toEqual([{ ...expected, registryUrl: (expected as { registryUrl?: string }).registryUrl, currentValue: 'v1.21.1' }]);
    }
  });

  it('needs a chart source', async () => {
    await expect(componentGenerator(workspace(), { name: 'x', chartVersion: '1.0.0', namespace: 'x' })).rejects.toThrow(
      'give --repository',
    );
    await expect(componentGenerator(workspace(), { name: 'x', namespace: 'x', repository: 'https://x' })).rejects.toThrow('--chartVersion');
  });
});
