import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { OPENEBS_VERSION, openebs, openebsValues, OpenebsValuesSchema } from '../src/index.js';
import type { Resolved } from '@fluxgen/core';

/** buroa-style Talos tree: a user volume under /var, the default class, ZFS and snapshots for it. */
const full = () =>
  openebs({
    hostpath: { storageClassName: 'local-hostpath', basePath: '/var/mnt/local-hostpath', defaultClass: true, reclaimPolicy: 'Retain' },
    zfs: true,
    volumeSnapshotCRDs: true,
    imageRegistry: 'mirror.home.arpa/',
  });

describe('openebs: defaults', () => {
  it('matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([openebs()]).files)).toEqual([]);
  });

  it('chart, source, privileged namespace, and every engine but hostpath off', () => {
    const { files, model } = renderForTest([openebs()]);
    expect(doc(files, 'openebs/app/ocirepository.yaml')['spec']).toMatchObject({ url: 'oci://ghcr.io/openebs/charts/openebs', ref: { tag: '4.2.0' } });
    expect(OPENEBS_VERSION).toBe('4.2.0');
    const release = doc(files, 'openebs/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'openebs', namespace: 'openebs-system' });
    expect(doc(files, 'openebs/app/namespace.yaml')['metadata']).toMatchObject({
      name: 'openebs-system',
      labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
    expect(release['spec'].values).toEqual({
      engines: { local: { lvm: { enabled: false }, zfs: { enabled: false } }, replicated: { mayastor: { enabled: false } } },
      'openebs-crds': { csi: { volumeSnapshots: { enabled: false, keep: false } } },
      'localpv-provisioner': {
        analytics: { enabled: false },
        localpv: { image: { registry: 'quay.io/' }, basePath: '/var/openebs/local' },
        helperPod: { image: { registry: 'quay.io/' } },
        hostpathClass: { enabled: true, name: 'openebs-hostpath', isDefaultClass: false, basePath: '/var/openebs/local', reclaimPolicy: 'Delete' },
      },
    });
    const c = model.components[0]!;
    expect(c.provides).toEqual(['storage-class:openebs-hostpath']);
    expect(c.needs).toEqual([]);
    expect(model.facts.one('default-storage-class')).toBeUndefined();
  });

  it('4.2.0 has no loki/alloy/minio keys: they are emitted from 4.3.0 on only', () => {
    const { files } = renderForTest([openebs()]);
    const values = doc(files, 'openebs/app/helmrelease.yaml')['spec'].values;
    for (const key of ['loki', 'alloy', 'minio', 'preUpgradeHook']) expect(values[key]).toBeUndefined();
    const typed = { hostpath: { storageClassName: 'x', basePath: '/var/x', defaultClass: false, reclaimPolicy: 'Delete' }, zfs: false, lvm: false, replicated: false, volumeSnapshotCRDs: false, imageRegistry: 'quay.io/' } as Resolved<typeof OpenebsValuesSchema>;
    expect(openebsValues(typed, '4.4.0')).toMatchObject({ loki: { enabled: false }, alloy: { enabled: false }, minio: { enabled: false }, preUpgradeHook: { enabled: false } });
    expect(openebsValues(typed, '4.3.0')).toMatchObject({ loki: { enabled: false } });
    expect(openebsValues(typed, '4.2.9')).not.toHaveProperty('loki');
    // Pinning a version past the vendored data is refused until its values.yaml is vendored.
    const e = problemsOf(() => renderForTest([openebs({ version: '4.4.0' })]));
    expect(e.diagnostics.map((d) => [d.code, d.path])).toEqual([['CHART_DATA_MISSING', 'version']]);
  });

  it('README: features, security and troubleshooting', () => {
    const readme = renderForTest([openebs()]).files.get('openebs/README.md')!;
    expect(readme).toContain('StorageClass `openebs-hostpath`: Local PV hostpath under `/var/openebs/local`');
    expect(readme).toContain('Chart 4.2.0 has no Loki, Alloy or MinIO subcharts');
    expect(readme).toContain('kubectl -n openebs-system logs deploy/openebs-localpv-provisioner');
    expect(readme).toContain('kubelet extraMount for /var/openebs/local');
  });
});

describe('openebs: fully configured', () => {
  it('matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()]).files)).toEqual([]);
  });

  it('the default class, its path and the engines', () => {
    const { files, model } = renderForTest([full()]);
    const values = doc(files, 'openebs/app/helmrelease.yaml')['spec'].values;
    expect(values['localpv-provisioner'].hostpathClass).toEqual({
      enabled: true,
      name: 'local-hostpath',
      isDefaultClass: true,
      basePath: '/var/mnt/local-hostpath',
      reclaimPolicy: 'Retain',
    });
    expect(values['localpv-provisioner'].localpv).toEqual({ image: { registry: 'mirror.home.arpa/' }, basePath: '/var/mnt/local-hostpath' });
    expect(values.engines.local.zfs).toEqual({ enabled: true });
    expect(values['openebs-crds']).toEqual({ csi: { volumeSnapshots: { enabled: true, keep: true } } });
    expect(model.facts.one('default-storage-class')).toEqual({
      kind: 'default-storage-class',
      name: 'local-hostpath',
      path: 'hostpath.defaultClass',
      from: 'openebs',
    });
    expect(model.components[0]!.provides).toEqual(['storage-class:local-hostpath', 'crd:snapshot.storage.k8s.io', 'crd:zfs.openebs.io']);
  });

  it('the registry needs its trailing slash', () => {
    const e = problemsOf(() => renderForTest([openebs({ imageRegistry: 'quay.io' })]));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'VALUE_INVALID', component: 'openebs', path: 'imageRegistry', got: 'quay.io', hint: 'write "quay.io/"' }),
    ]);
  });
});
