/**
 * The previous-line cluster: it renders with every component pinned one chart line back, the
 * committed tree matches it, and the chart settings homelabs set beyond values.yaml pass.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCluster } from '@fluxgen/core';
import { committedTree, doc } from '@fluxgen/core/testing';
import previous from '../cluster.js';

const tree = fileURLToPath(new URL('../flux/infra/', import.meta.url));
const { files, model } = renderCluster(previous, { dir: 'clusters/previous' });


describe('clusters/previous', () => {
  it('the committed tree is exactly what cluster.ts renders', () => {
    const onDisk = committedTree(tree);
    expect([...onDisk.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(onDisk.get(path), path).toBe(text);
  });

  it('pins the previous chart lines', () => {
    expect(Object.fromEntries(model.components.map((c) => [c.name, c.source.version]))).toEqual({
      cilium: '1.19.6',
      'gateway-api': 'v1.5.1',
      'csi-driver-smb': '1.20.3',
      longhorn: '1.11.3',
      'prometheus-operator-crds': expect.any(String),
      'kube-prometheus-stack': '80.13.3',
      'metrics-server': '3.12.2',
      'onepassword-connect': '2.1.1',
    });
    expect(doc(files, 'cilium/app/ocirepository.yaml')['spec']['ref']).toEqual({ tag: '1.19.6' });
  });

  it('keeps the settings read by the templates only, subchart keys and pass-through maps', () => {
    const values = doc(files, 'cilium/app/helmrelease.yaml')['spec']['values'];
    expect(values.socketLB).toEqual({ hostNamespaceOnly: true });
    expect(values.l2announcements.leaseDuration).toBe('3s');
    const kps = doc(files, 'kube-prometheus-stack/app/helmrelease.yaml')['spec']['values'];
    expect(kps['kube-state-metrics']).toEqual({ metricLabelsAllowlist: ['pods=[*]'] });
  });
});
