import { describe, expect, it } from 'vitest';
import { FluxgenError } from '@fluxgen/core';
import { doc, goldenDiff, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend } from '@fluxgen/onepassword-connect';
import { longhorn } from '../src/index.js';

/** The homelab configuration: two replicas, SMB backups to the NAS with 1Password credentials, nightly jobs, UI route. */
const full = () =>
  longhorn({
    volumes: { replicas: 2, dataLocality: 'best-effort' },
    storageClass: { isDefault: true, reclaimPolicy: 'Retain', fsType: 'xfs' },
    dataPath: '/var/mnt/longhorn',
    settings: {
      createDefaultDiskLabeledNodes: true,
      replicaAutoBalance: 'best-effort',
      nodeDownPodDeletionPolicy: 'delete-both-statefulset-and-deployment-pod',
      nodeDrainPolicy: 'block-for-eviction-if-contains-last-replica',
      orphanResourceAutoDeletion: ['replica-data', 'instance'],
    },
    backup: {
      target: 'cifs://nas.lan/backups',
      credentials: { onePassword: { item: 'vaults/homelab/items/longhorn-backup' } },
      pollInterval: 600,
    },
    recurringJobs: [
      { name: 'snapshot-hourly', task: 'snapshot', cron: '0 * * * *', retain: 24, concurrency: 2 },
      { name: 'backup-nightly', task: 'backup', cron: '30 2 * * *', retain: 14, labels: { schedule: 'nightly' } },
      { name: 'trim-weekly', task: 'filesystem-trim', cron: '0 4 * * 0', retain: 0, groups: ['default', 'databases'] },
    ],
    ui: {
      replicas: 1,
      route: {
        hostnames: ['longhorn.home.example.com'],
        gateway: { name: 'internal', namespace: 'kube-system', sectionName: 'https' },
      },
    },
    csiSidecarReplicas: 2,
    serviceMonitor: true,
  });
const fullExternal = ['crd:gateway.networking.k8s.io', 'crd:monitoring.coreos.com', 'crd:onepassword.com', 'gateway:kube-system/internal'];

/** S3-compatible object store (MinIO, Garage) with a Secret made by hand. */
const s3 = () =>
  longhorn({
    volumes: { replicas: 1, dataLocality: 'strict-local' },
    backup: { target: 's3://longhorn@us-east-1/', credentials: { existingSecret: 'minio-longhorn' } },
    recurringJobs: [{ name: 'backup-daily', task: 'backup', cron: '0 3 * * *', retain: 7 }],
  });
const s3External = ['secret:longhorn-system/minio-longhorn'];

describe('longhorn', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([longhorn()]).files)).toEqual([]);
  });

  it('defaults: chart, source, privileged namespace and chart values', () => {
    const { files, model } = renderForTest([longhorn()]);
    const release = doc(files, 'longhorn/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'longhorn', namespace: 'longhorn-system' });
    expect(release['spec'].chart.spec).toEqual({
      chart: 'longhorn',
      version: '1.12.1',
      sourceRef: { kind: 'HelmRepository', name: 'longhorn' },
    });
    expect(doc(files, 'longhorn/app/helmrepository.yaml')['spec']).toMatchObject({ url: 'https://charts.longhorn.io' });
    expect(doc(files, 'longhorn/app/namespace.yaml')['metadata']).toEqual({
      name: 'longhorn-system',
      labels: {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'privileged',
        'pod-security.kubernetes.io/warn': 'privileged',
      },
    });
    expect(release['spec'].values).toEqual({
      persistence: {
        defaultClass: true,
        defaultClassReplicaCount: 3,
        defaultDataLocality: 'disabled',
        reclaimPolicy: 'Delete',
        defaultFsType: 'ext4',
      },
      defaultSettings: {
        defaultReplicaCount: '3',
        defaultDataLocality: 'disabled',
        createDefaultDiskLabeledNodes: 'false',
        replicaAutoBalance: 'disabled',
        nodeDownPodDeletionPolicy: 'do-nothing',
        nodeDrainPolicy: 'block-if-contains-last-replica',
      },
      longhornUI: { replicas: 2 },
    });
    expect(files.has('longhorn/config/kustomization.yaml')).toBe(false);
    expect(model.components[0]!.provides).toEqual(['crd:longhorn.io', 'storage-class:longhorn']);
    expect(model.components[0]!.needs).toEqual([]);
    expect(model.components[0]!.secrets).toEqual([]);
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: mapped chart values use the current key names', () => {
    const { files } = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    const values = doc(files, 'longhorn/app/helmrelease.yaml')['spec'].values;
    expect(values.persistence).toEqual({
      defaultClass: true,
      defaultClassReplicaCount: 2,
      defaultDataLocality: 'best-effort',
      reclaimPolicy: 'Retain',
      defaultFsType: 'xfs',
    });
    expect(values.defaultSettings).toEqual({
      defaultDataPath: '/var/mnt/longhorn',
      defaultReplicaCount: '2',
      defaultDataLocality: 'best-effort',
      createDefaultDiskLabeledNodes: 'true',
      replicaAutoBalance: 'best-effort',
      nodeDownPodDeletionPolicy: 'delete-both-statefulset-and-deployment-pod',
      nodeDrainPolicy: 'block-for-eviction-if-contains-last-replica',
      orphanResourceAutoDeletion: 'replica-data;instance',
    });
    // Every default setting is a string: the chart fails on anything else.
    for (const value of Object.values(values.defaultSettings)) expect(typeof value).toBe('string');
    // Longhorn 1.8 moved the backup target out of defaultSettings.
    expect(values.defaultSettings).not.toHaveProperty('backupTarget');
    expect(values.defaultSettings).not.toHaveProperty('backupTargetCredentialSecret');
    expect(values.defaultSettings).not.toHaveProperty('orphanAutoDeletion');
    expect(values.defaultBackupStore).toEqual({
      backupTarget: 'cifs://nas.lan/backups',
      backupTargetCredentialSecret: 'longhorn-backup-credentials',
      pollInterval: 600,
    });
    expect(values.httproute).toEqual({
      enabled: true,
      parentRefs: [{ name: 'internal', namespace: 'kube-system', sectionName: 'https' }],
      hostnames: ['longhorn.home.example.com'],
    });
    expect(values.longhornUI).toEqual({ replicas: 1 });
    expect(values.csi).toEqual({
      attacherReplicaCount: 2,
      provisionerReplicaCount: 2,
      resizerReplicaCount: 2,
      snapshotterReplicaCount: 2,
    });
    expect(values.metrics).toEqual({ serviceMonitor: { enabled: true } });
  });

  it('fully configured: CIFS credentials come from 1Password with the keys Longhorn reads', () => {
    const { files, model } = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    expect(doc(files, 'longhorn/app/onepassworditem.yaml')).toEqual({
      apiVersion: 'onepassword.com/v1',
      kind: 'OnePasswordItem',
      metadata: { name: 'longhorn-backup-credentials', namespace: 'longhorn-system' },
      spec: { itemPath: 'vaults/homelab/items/longhorn-backup' },
    });
    const [secret] = model.components[0]!.secrets;
    expect(secret).toMatchObject({
      name: 'longhorn-backup-credentials',
      namespace: 'longhorn-system',
      keys: ['CIFS_USERNAME', 'CIFS_PASSWORD'],
    });
    expect(model.components[0]!.needs).toEqual(['crd:gateway.networking.k8s.io', 'crd:monitoring.coreos.com', 'crd:onepassword.com']);
    expect(files.get('longhorn/README.md')).toContain('`CIFS_USERNAME`, `CIFS_PASSWORD`');
  });

  it('fully configured: recurring jobs are RecurringJob objects applied after the chart', () => {
    const { files } = renderForTest([full()], { external: fullExternal, secretBackends: [onePasswordBackend] });
    const jobs = files.get('longhorn/config/recurringjob.yaml')!;
    expect(jobs).toContain('apiVersion: longhorn.io/v1beta2');
    expect(doc(files, 'longhorn/config/kustomization.yaml')['resources']).toEqual(['recurringjob.yaml']);
    const ks = files.get('longhorn/ks.yaml')!;
    expect(ks).toContain('name: longhorn-config');
    expect(ks).toMatch(/dependsOn:\n\s+- name: longhorn\n/);
    const docs = jobs.split(/^---$/m).slice(1);
    expect(docs).toHaveLength(3);
    expect(docs[1]).toContain(
      [
        'spec:',
        '  name: backup-nightly',
        '  task: backup',
        '  cron: 30 2 * * *',
        '  retain: 14',
        '  concurrency: 1',
        '  groups:',
        '    - default',
        '  labels:',
        '    schedule: nightly',
      ].join('\n'),
    );
    expect(docs[1]).toContain('namespace: longhorn-system');
  });

  it('S3 target: the existing Secret is named in the values and must be declared external', () => {
    const { files, model } = renderForTest([s3()], { external: s3External });
    expect(goldenDiff(new URL('./golden/s3', import.meta.url), files)).toEqual([]);
    const values = doc(files, 'longhorn/app/helmrelease.yaml')['spec'].values;
    expect(values.defaultBackupStore).toEqual({
      backupTarget: 's3://longhorn@us-east-1/',
      backupTargetCredentialSecret: 'minio-longhorn',
      pollInterval: 300,
    });
    expect(values.persistence).toMatchObject({ defaultClassReplicaCount: 1, defaultDataLocality: 'strict-local' });
    expect(model.components[0]!.secrets[0]!.keys).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINTS']);
    expect(model.components[0]!.needs).toEqual(['secret:longhorn-system/minio-longhorn']);
    expect(files.has('longhorn/app/onepassworditem.yaml')).toBe(false);
  });

  it('NFS target: no credentials', () => {
    const { files, model } = renderForTest([longhorn({ backup: { target: 'nfs://nas.lan:/export/longhorn' } })]);
    expect(doc(files, 'longhorn/app/helmrelease.yaml')['spec'].values.defaultBackupStore).toEqual({
      backupTarget: 'nfs://nas.lan:/export/longhorn',
      pollInterval: 300,
    });
    expect(model.components[0]!.secrets).toEqual([]);
  });

  it('rejects what Longhorn would reject', () => {
    const codes = (f: () => unknown): string[] => {
      try {
        f();
        return [];
      } catch (e) {
        return (e as FluxgenError).diagnostics.map((d) => `${d.code} ${d.path ?? '-'}`);
      }
    };
    expect(codes(() => renderForTest([longhorn({ volumes: { dataLocality: 'strict-local', replicas: 2 } })]))).toContain(
      'VALUE_INVALID volumes.replicas',
    );
    expect(codes(() => renderForTest([longhorn({ backup: { target: 's3://bucket@region/' } })]))).toContain(
      'VALUE_MISSING backup.credentials',
    );
    expect(
      codes(() =>
        renderForTest([longhorn({ backup: { target: 'nfs://nas.lan:/export', credentials: { existingSecret: 'nfs' } } })], {
          external: ['secret:longhorn-system/nfs'],
        }),
      ),
    ).toContain('VALUE_INVALID backup.credentials');
  });

  it('the UI route and the ServiceMonitor need their CRDs in the cluster', () => {
    const route = { hostnames: ['longhorn.lan'], gateway: { name: 'internal', namespace: 'kube-system' } };
    expect(() => renderForTest([longhorn({ ui: { route } })], { external: ['gateway:kube-system/internal'] })).toThrow(
      /needs crd:gateway\.networking\.k8s\.io/,
    );
    expect(() => renderForTest([longhorn({ serviceMonitor: true })])).toThrow(/needs crd:monitoring\.coreos\.com/);
  });
});
