import { describe, expect, it } from 'vitest';
import { defineComponent, Type } from '@fluxgen/core';
import { doc, goldenDiff, parseYamlFile, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { dragonflyOperator } from '../src/index.js';

/** A stand-in for kube-prometheus-stack (packages do not depend on each other) and a StorageClass maker. */
const collector = defineComponent({
  name: 'kube-prometheus-stack',
  title: 'Collector',
  summary: 'Collects metrics and makes the default StorageClass',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'collector', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['monitoring.coreos.com'], 'storage-class': ['local'] }),
  facts: () => [
    { kind: 'metrics-collector', namespace: 'monitoring' },
    { kind: 'default-storage-class', name: 'local' },
    { kind: 'dashboard-loader', label: 'grafana_dashboard', value: '', folderAnnotation: 'grafana_folder', namespaces: [] },
  ],
});

/** Two instances: a Memcached-speaking cache in `monitoring`, and a store with snapshots on the default class. */
const full = () =>
  dragonflyOperator({
    resources: { cpu: '20m', memory: '256Mi' },
    instances: [
      { name: 'cache', namespace: 'monitoring', memory: '1Gi', cacheMode: true, memcachedPort: 11211 },
      { name: 'store', replicas: 2, cpu: '100m', threads: 4, snapshot: { cron: '0 */6 * * *', volume: { size: '2Gi' } } },
    ],
  });

describe('dragonfly-operator', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([dragonflyOperator()]).files)).toEqual([]);
  });

  it('defaults: OCI chart with the v prefix, CRDs installed and kept, restricted, the operator fact', () => {
    const { files, model } = renderForTest([dragonflyOperator()]);
    const release = doc(files, 'dragonfly-operator/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'dragonfly-operator', namespace: 'dragonfly-operator-system' });
    expect(doc(files, 'dragonfly-operator/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator',
      ref: { tag: 'v1.6.1' },
    });
    expect(doc(files, 'dragonfly-operator/app/namespace.yaml')['metadata'].labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(release['spec'].values).toEqual({
      crds: { install: true, keep: true },
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      manager: { resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '128Mi' } } },
    });
    const component = model.components[0]!;
    expect(component.provides).toEqual(['crd:dragonflydb.io']);
    expect(component.needs).toEqual([]);
    expect(component.facts).toEqual([{ kind: 'operator', group: 'dragonflydb.io', resource: 'Dragonfly', from: 'dragonfly-operator' }]);
    expect(files.has('dragonfly-operator/config/kustomization.yaml')).toBe(false);
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([collector(), full()]).files)).toEqual([]);
  });

  it('fully configured: instances are Dragonfly objects in config/, after the CRD, with endpoints per instance', () => {
    const { files, model } = renderForTest([collector(), full()]);
    const [cache, store] = parseYamlFile(files.get('dragonfly-operator/config/dragonfly.yaml')!) as Record<string, any>[];
    expect(cache).toEqual({
      apiVersion: 'dragonflydb.io/v1alpha1',
      kind: 'Dragonfly',
      metadata: { name: 'cache', namespace: 'monitoring' },
      spec: {
        replicas: 1,
        args: ['--maxmemory=$(MAX_MEMORY)Mi', '--proactor_threads=2', '--cache_mode=true'],
        env: [{ name: 'MAX_MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }],
        resources: { requests: { cpu: '50m', memory: '1Gi' }, limits: { memory: '1Gi' } },
        memcachedPort: 11211,
        podSecurityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
        containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    });
    expect(store!['metadata']).toEqual({ name: 'store', namespace: 'dragonfly-operator-system' });
    expect(store!['spec'].snapshot).toEqual({
      cron: '0 */6 * * *',
      persistentVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local', resources: { requests: { storage: '2Gi' } } },
    });
    expect(store!['spec'].args).toEqual(['--maxmemory=$(MAX_MEMORY)Mi', '--proactor_threads=4']);
    const ks = files.get('dragonfly-operator/ks.yaml')!;
    expect(ks).toContain('name: dragonfly-operator-config');
    expect(ks).toMatch(/dependsOn:\n\s+- name: dragonfly-operator\n/);
    const values = doc(files, 'dragonfly-operator/app/helmrelease.yaml')['spec'].values;
    // Monitoring derived from the collector, with kube-rbac-proxy's reader bound to its Prometheus.
    expect(values.serviceMonitor).toEqual({
      enabled: true,
      rbacProxyMetricsReader: { create: true, serviceAccountName: 'kube-prometheus-stack-prometheus', serviceAccountNamespace: 'monitoring' },
    });
    expect(values.manager.resources).toEqual({ requests: { cpu: '20m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    // The dashboard goes to the loader with its label and folder annotation names (derived).
    expect(values.grafanaDashboard).toEqual({ enabled: true, folder: 'Dragonfly', labels: { name: 'grafana_dashboard' }, annotations: { name: 'grafana_folder' } });
    const component = model.components.find((c) => c.name === 'dragonfly-operator')!;
    expect(component.derived.map((d) => d.helmPath)).toEqual(['grafanaDashboard']);
    expect(component.needs).toEqual(expect.arrayContaining(['crd:monitoring.coreos.com', 'storage-class:local']));
    expect(component.facts.filter((f) => f.kind === 'endpoint')).toEqual([
      { kind: 'endpoint', name: 'dragonfly/monitoring/cache', url: 'redis://cache.monitoring.svc.cluster.local:6379', path: 'instances[0]', from: 'dragonfly-operator' },
      { kind: 'endpoint', name: 'memcached/monitoring/cache', url: 'cache.monitoring.svc.cluster.local:11211', path: 'instances[0].memcachedPort', from: 'dragonfly-operator' },
      { kind: 'endpoint', name: 'dragonfly/dragonfly-operator-system/store', url: 'redis://store.dragonfly-operator-system.svc.cluster.local:6379', path: 'instances[1]', from: 'dragonfly-operator' },
    ]);
  });

  it('checks instances against the vendored CRD and rejects repeated names', () => {
    const codes = (run: () => unknown) => problemsOf(run).diagnostics.map((d) => `${d.code} ${d.path ?? '-'}`);
    expect(codes(() => renderForTest([dragonflyOperator({ instances: [{ name: 'a' }, { name: 'a' }] })]))).toContain('NAME_DUPLICATE instances[1].name');
    expect(codes(() => renderForTest([dragonflyOperator({ instances: [{ name: 'a', memcachedPort: 70000 }] })]))).toEqual(['VALUE_INVALID instances[0].memcachedPort']);
    expect(codes(() => renderForTest([dragonflyOperator({ instances: [{ name: 'a', snapshot: { cron: 'every hour', volume: { size: '1Gi' } } }] })]))).toEqual([
      'VALUE_INVALID instances[0].snapshot.cron',
    ]);
  });
});
