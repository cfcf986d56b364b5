/**
 * The committed homelab tree: it matches cluster.ts, every kustomization builds, and the facts
 * that matter (versions, namespaces, order) hold.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCluster } from '@fluxgen/core';
import { committedTree, doc, kustomizeTests } from '@fluxgen/core/testing';
import homelab from '../cluster.js';

const tree = fileURLToPath(new URL('../flux/infra/', import.meta.url));
const { files, model } = renderCluster(homelab, { dir: 'clusters/homelab' });


describe('clusters/homelab', () => {
  it('the committed tree is exactly what cluster.ts renders', () => {
    const onDisk = committedTree(tree);
    expect([...onDisk.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(onDisk.get(path), path).toBe(text);
  });

  it('pins the charts the seed cluster runs', () => {
    expect(model.components.map((c) => [c.name, c.source.chartName ?? '', c.source.version])).toContainEqual([
      'cilium',
      'cilium',
      '1.20.0',
    ]);
    expect(doc(files, 'metrics-server/app/helmrelease.yaml')['spec'].chart.spec.version).toBe('3.13.1');
  });

  it('points every Flux Kustomization at its folder in this repository (Git components at their repository)', () => {
    for (const c of model.components) {
      const ks = files.get(`${c.name}/ks.yaml`)!;
      const path = c.source.kind === 'GitRepository' ? c.source.path : `./clusters/homelab/flux/infra/${c.name}/app`;
      expect(ks).toContain(`  path: ${path}\n`);
      if (files.has(`${c.name}/config/kustomization.yaml`)) {
        expect(ks).toContain(`  path: ./clusters/homelab/flux/infra/${c.name}/config\n`);
      }
    }
  });

  // One kubectl run for all of them (each folder alone only to name a failure).
  kustomizeTests({ describe, it, expect }, tree, files.keys(), 'clusters/homelab');
});
