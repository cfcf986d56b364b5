import { describe, expect, it } from 'vitest';
import { FluxgenError } from '@fluxgen/core';
import { doc, goldenDiff, parseYamlFile, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend } from '@fluxgen/onepassword-connect';
import { csiDriverSmb } from '../src/index.js';

/**
 * A homelab NAS: a default class with a directory per volume from 1Password credentials, and the
 * existing media share mounted as it is, with a hand-made Secret.
 */
const full = () =>
  csiDriverSmb({
    controller: {
      replicas: 2,
      runOnControlPlane: true,
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    },
    node: { kubeletDir: '/var/lib/k0s/kubelet', tolerations: [{ operator: 'Exists' }] },
    storageClasses: [
      {
        name: 'smb',
        source: '//nas.home.arpa/kubernetes',
        credentials: { onePassword: { item: 'vaults/homelab/items/nas-smb', secretName: 'smbcreds' } },
        subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
        onDelete: 'archive',
        mountOptions: ['dir_mode=0770', 'file_mode=0770', 'uid=1000', 'gid=1000', 'mfsymlinks', 'cache=strict', 'noserverino'],
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        defaultClass: true,
      },
      {
        name: 'smb-media',
        source: '//nas.home.arpa/media',
        credentials: { existingSecret: 'nas-media' },
        shared: true,
        allowVolumeExpansion: false,
      },
    ],
  });
const external = ['crd:onepassword.com', 'secret:kube-system/nas-media'];
/** The 1Password operator runs outside these test clusters. */
const secretBackends = [onePasswordBackend];

describe('csi-driver-smb', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([csiDriverSmb()]).files)).toEqual([]);
  });

  it('defaults: chart, source, namespace and values', () => {
    const { files, model } = renderForTest([csiDriverSmb()]);
    expect(doc(files, 'csi-driver-smb/app/helmrepository.yaml')['spec']).toEqual({
      interval: '1h',
      url: 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-smb/master/charts',
    });
    const release = doc(files, 'csi-driver-smb/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'csi-driver-smb', namespace: 'kube-system' });
    expect(release['spec'].chart.spec).toEqual({
      chart: 'csi-driver-smb',
      version: '1.20.3',
      sourceRef: { kind: 'HelmRepository', name: 'csi-driver-smb' },
    });
    expect(release['spec'].values).toEqual({
      controller: { replicas: 1, runOnControlPlane: false },
      linux: { kubelet: '/var/lib/kubelet' },
      windows: { enabled: false },
    });
    // kube-system is never declared, and without StorageClasses there is nothing else to apply.
    expect([...files.keys()].filter((f) => f.startsWith('csi-driver-smb/app/'))).toEqual([
      'csi-driver-smb/app/helmrelease.yaml',
      'csi-driver-smb/app/helmrepository.yaml',
      'csi-driver-smb/app/kustomization.yaml',
    ]);
    expect(model.components[0]!.provides).toEqual([]);
    expect(model.components[0]!.needs).toEqual([]);
    expect(model.components[0]!.secrets).toEqual([]);
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()], { external, secretBackends }).files)).toEqual([]);
  });

  it('fully configured: chart values', () => {
    const { files } = renderForTest([full()], { external, secretBackends });
    expect(doc(files, 'csi-driver-smb/app/helmrelease.yaml')['spec'].values).toEqual({
      controller: {
        replicas: 2,
        runOnControlPlane: true,
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      },
      linux: { kubelet: '/var/lib/k0s/kubelet', tolerations: [{ operator: 'Exists' }] },
      windows: { enabled: false },
    });
  });

  it('fully configured: StorageClasses name the credentials in the namespace they are made in', () => {
    const { files } = renderForTest([full()], { external, secretBackends });
    const classes = parseYamlFile(files.get('csi-driver-smb/app/storageclass.yaml')!);
    expect(classes).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: 'smb',
          annotations: {
            'storageclass.kubernetes.io/is-default-class': 'true',
            'kustomize.toolkit.fluxcd.io/force': 'enabled',
            'kustomize.toolkit.fluxcd.io/substitute': 'disabled',
          },
        },
        provisioner: 'smb.csi.k8s.io',
        parameters: {
          source: '//nas.home.arpa/kubernetes',
          subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
          onDelete: 'archive',
          'csi.storage.k8s.io/provisioner-secret-name': 'smbcreds',
          'csi.storage.k8s.io/provisioner-secret-namespace': 'kube-system',
          'csi.storage.k8s.io/node-stage-secret-name': 'smbcreds',
          'csi.storage.k8s.io/node-stage-secret-namespace': 'kube-system',
        },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        mountOptions: ['dir_mode=0770', 'file_mode=0770', 'uid=1000', 'gid=1000', 'mfsymlinks', 'cache=strict', 'noserverino'],
      },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'smb-media', annotations: { 'kustomize.toolkit.fluxcd.io/force': 'enabled' } },
        provisioner: 'smb.csi.k8s.io',
        // shared: no provisioner secret, so the controller never creates or deletes directories
        parameters: {
          source: '//nas.home.arpa/media',
          'csi.storage.k8s.io/node-stage-secret-name': 'nas-media',
          'csi.storage.k8s.io/node-stage-secret-namespace': 'kube-system',
        },
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: false,
        mountOptions: ['dir_mode=0777', 'file_mode=0777', 'noperm', 'mfsymlinks', 'cache=strict', 'noserverino'],
      },
    ]);
    // Cluster-scoped: no namespace on a StorageClass.
    expect(classes.every((c) => !('namespace' in (c as { metadata: object }).metadata))).toBe(true);
  });

  it('fully configured: secrets, provides and needs', () => {
    const { files, model } = renderForTest([full()], { external, secretBackends });
    expect(doc(files, 'csi-driver-smb/app/onepassworditem.yaml')).toEqual({
      apiVersion: 'onepassword.com/v1',
      kind: 'OnePasswordItem',
      metadata: { name: 'smbcreds', namespace: 'kube-system' },
      spec: { itemPath: 'vaults/homelab/items/nas-smb' },
    });
    const c = model.components[0]!;
    expect(c.provides).toEqual(['storage-class:smb', 'storage-class:smb-media']);
    expect(c.needs).toEqual(external);
    expect(c.secrets.map(({ name, namespace, keys }) => ({ name, namespace, keys }))).toEqual([
      { name: 'smbcreds', namespace: 'kube-system', keys: ['username', 'password'] },
      { name: 'nas-media', namespace: 'kube-system', keys: ['username', 'password'] },
    ]);
  });

  it('a 1Password Secret defaults to <class>-credentials, and classes sharing a Secret get it once', () => {
    const item = { onePassword: { item: 'vaults/homelab/items/nas-smb' } };
    const { files, model } = renderForTest(
      [
        csiDriverSmb({
          storageClasses: [
            { name: 'nas', source: '//nas/k8s', credentials: item },
            { name: 'nas-retain', source: '//nas/k8s', credentials: { onePassword: { ...item.onePassword, secretName: 'nas-credentials' } }, reclaimPolicy: 'Retain' },
          ],
        }),
      ],
      { external: ['crd:onepassword.com'], secretBackends },
    );
    expect(parseYamlFile(files.get('csi-driver-smb/app/onepassworditem.yaml')!)).toHaveLength(1);
    expect(model.components[0]!.secrets).toHaveLength(1);
    expect(model.components[0]!.secrets[0]!.name).toBe('nas-credentials');
    expect(model.components[0]!.secrets[0]!.purpose).toContain('`nas`, `nas-retain`');
  });

  it('StorageClass credentials need their Secret, or the 1Password operator', () => {
    const sc = { name: 'smb', source: '//nas/k8s' };
    expect(() => renderForTest([csiDriverSmb({ storageClasses: [{ ...sc, credentials: { existingSecret: 'smbcreds' } }] })])).toThrow(
      /secret:kube-system\/smbcreds/,
    );
    expect(() =>
      renderForTest([csiDriverSmb({ storageClasses: [{ ...sc, credentials: { onePassword: { item: 'vaults/v/items/i' } } }] })]),
    ).toThrow(/SECRET_BACKEND_MISSING/);
  });

  it('rules across StorageClasses are reported together, with their paths', () => {
    const credentials = { existingSecret: 'smbcreds' };
    const other = { onePassword: { item: 'vaults/v/items/i', secretName: 'smbcreds' } };
    let error: unknown;
    try {
      renderForTest(
        [
          csiDriverSmb({
            storageClasses: [
              { name: 'smb', source: '//nas/a', credentials, defaultClass: true },
              { name: 'smb', source: '//nas/b', credentials, defaultClass: true },
              { name: 'media', source: '//nas/media', credentials: other, shared: true, onDelete: 'retain' },
            ],
          }),
        ],
        { external: ['secret:kube-system/smbcreds', 'crd:onepassword.com'], secretBackends },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FluxgenError);
    expect((error as FluxgenError).diagnostics.map((d) => [d.code, d.component, d.path])).toEqual([
      ['NAME_DUPLICATE', 'csi-driver-smb', 'storageClasses[1].name'],
      ['NAME_DUPLICATE', 'csi-driver-smb', 'storageClasses[1].defaultClass'],
      ['VALUE_INVALID', 'csi-driver-smb', 'storageClasses[2].onDelete'],
      ['VALUE_INVALID', 'csi-driver-smb', 'storageClasses[2].credentials'],
    ]);
  });
});
