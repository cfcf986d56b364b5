import { describe, expect, it } from 'vitest';
import { defineComponent, Type } from '@fluxgen/core';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { loki } from '../src/index.js';

/**
 * A stand-in for kube-prometheus-stack and Grafana (packages do not depend on each other): it
 * publishes the Alertmanager endpoint, a metrics collector and a dashboard loader, and provides
 * the Prometheus Operator CRDs and the `fast` StorageClass.
 */
const observability = defineComponent({
  name: 'observability',
  title: 'Observability',
  summary: 'Publishes the facts Loki reads',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'observability', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['monitoring.coreos.com'], 'storage-class': ['fast'] }),
  facts: () => [
    { kind: 'endpoint', name: 'alertmanager', url: 'http://alertmanager-operated.monitoring.svc.cluster.local:9093' },
    { kind: 'metrics-collector', namespace: 'monitoring' },
    { kind: 'dashboard-loader', label: 'grafana_dashboard', value: '', folderAnnotation: 'grafana_folder', namespaces: [] },
  ],
});

/** Monolithic on S3 with three replicas, the gateway, retention and everything derived from the stack. */
const full = () =>
  loki({
    replicas: 3,
    storage: {
      volume: { size: '10Gi', storageClass: 'fast' },
      s3: { endpoint: 'minio.storage.svc.cluster.local', port: 9000, bucket: 'loki', region: 'us-east-1', insecure: true, credentials: { existingSecret: 'loki-s3' } },
    },
    schemaFrom: '2025-01-01',
    retention: '30d',
    gateway: true,
    resources: { cpu: '200m', memory: '1Gi' },
  });
const fullExternal = ['secret:monitoring/loki-s3'];

/** The deprecated simple-scalable mode (S3 and the gateway required). */
const scalable = () =>
  loki({
    mode: 'simple-scalable',
    replicas: 2,
    storage: { volume: { size: '5Gi' }, s3: { endpoint: 's3.eu-central-1.amazonaws.com', bucket: 'homelab-logs', forcePathStyle: false, credentials: { existingSecret: 'loki-s3' } } },
    gateway: true,
    retention: '14d',
  });

describe('loki', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([loki()]).files)).toEqual([]);
  });

  it('defaults: chart, OCI source, restricted namespace, monolithic on the filesystem with a schema', () => {
    const { files, model } = renderForTest([loki()]);
    const release = doc(files, 'loki/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'loki', namespace: 'monitoring' });
    expect(release['spec'].chartRef).toEqual({ kind: 'OCIRepository', name: 'loki' });
    expect(doc(files, 'loki/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://ghcr.io/grafana-community/helm-charts/loki',
      ref: { tag: '18.11.0' },
    });
    expect(doc(files, 'loki/app/namespace.yaml')['metadata'].labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(release['spec'].values).toEqual({
      deploymentMode: 'Monolithic',
      loki: {
        auth_enabled: false,
        analytics: { reporting_enabled: false },
        commonConfig: { replication_factor: 1 },
        storage: { type: 'filesystem' },
        schemaConfig: {
          configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
        },
      },
      singleBinary: { replicas: 1, persistence: { enabled: true, size: '20Gi' } },
      write: { replicas: 0 },
      read: { replicas: 0 },
      backend: { replicas: 0 },
      gateway: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      minio: { enabled: false },
      rollout_operator: { enabled: false },
    });
    const component = model.components[0]!;
    expect(component.needs).toEqual([]);
    expect(model.components[0]!.facts).toEqual([
      { kind: 'endpoint', name: 'loki', url: 'http://loki.monitoring.svc.cluster.local:3100', from: 'loki' },
    ]);
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([observability(), full()], { external: fullExternal });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: S3 through environment variables, retention, gateway URL, and what it derives from the stack', () => {
    const { files, model } = renderForTest([observability(), full()], { external: fullExternal });
    const values = doc(files, 'loki/app/helmrelease.yaml')['spec'].values;
    expect(values.loki.storage).toEqual({
      type: 's3',
      bucketNames: { chunks: 'loki', ruler: 'loki' },
      s3: {
        endpoint: 'minio.storage.svc.cluster.local:9000',
        region: 'us-east-1',
        s3ForcePathStyle: true,
        insecure: true,
        accessKeyId: '${AWS_ACCESS_KEY_ID}',
        secretAccessKey: '${AWS_SECRET_ACCESS_KEY}',
      },
    });
    expect(values.loki.schemaConfig.configs[0]).toMatchObject({ from: '2025-01-01', object_store: 's3' });
    expect(values.loki.compactor).toEqual({ retention_enabled: true, delete_request_store: 's3', working_directory: '/var/loki/compactor' });
    expect(values.loki.limits_config).toEqual({ retention_period: '30d' });
    expect(values.loki.commonConfig).toEqual({ replication_factor: 3 });
    expect(values.singleBinary).toEqual({
      replicas: 3,
      persistence: { enabled: true, size: '10Gi', storageClass: 'fast' },
      resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      extraArgs: ['-config.expand-env=true'],
      extraEnvFrom: [{ secretRef: { name: 'loki-s3' } }],
    });
    expect(values.gateway).toEqual({ enabled: true });
    // Derived from the stack: the ruler's Alertmanager, the ServiceMonitor, the dashboards with the loader's label.
    expect(values.loki.rulerConfig).toEqual({ alertmanager_url: 'http://alertmanager-operated.monitoring.svc.cluster.local:9093' });
    expect(values.monitoring).toEqual({
      serviceMonitor: { enabled: true },
      dashboards: { enabled: true, labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'Loki' } },
    });
    const component = model.components.find((c) => c.name === 'loki')!;
    expect(component.needs).toEqual(expect.arrayContaining(['crd:monitoring.coreos.com', 'storage-class:fast', 'secret:monitoring/loki-s3']));
    expect(component.dependsOn.map((d) => d.name)).toEqual(['observability']);
    expect(component.secrets[0]).toMatchObject({ name: 'loki-s3', namespace: 'monitoring', keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] });
    expect(model.facts.endpoint('loki')).toMatchObject({ url: 'http://loki-gateway.monitoring.svc.cluster.local' });
    const readme = files.get('loki/README.md')!;
    expect(readme).toContain('Derived from other components');
    expect(readme).toContain('alertmanager_url');
  });

  it('a typed Alertmanager URL or dashboards: false wins over the stack; a collector left out turns monitoring off', () => {
    const { files } = renderForTest([observability(), loki({ alertmanagerUrl: 'http://am.example.com:9093', dashboards: false, monitoring: false })]);
    const values = doc(files, 'loki/app/helmrelease.yaml')['spec'].values;
    expect(values.loki.rulerConfig).toBeUndefined();
    expect(values.monitoring).toBeUndefined();
    const alone = doc(renderForTest([loki()]).files, 'loki/app/helmrelease.yaml')['spec'].values;
    expect(alone.monitoring).toBeUndefined();
  });

  it('a dashboard loader that does not watch Loki\'s namespace gets no dashboards', () => {
    const grafana = defineComponent({
      name: 'grafana',
      title: 'Grafana',
      summary: 'Loads dashboards from its own namespace only',
      category: 'observability',
      namespace: 'grafana',
      chart: { name: 'grafana', version: '1.0.0', repository: 'https://charts.example.com' },
      docs: [],
      values: Type.Object({}),
      facts: () => [{ kind: 'dashboard-loader', label: 'grafana_dashboard', value: '1', folderAnnotation: 'grafana_folder', namespaces: ['grafana'] }],
    });
    const { files, model } = renderForTest([grafana(), loki()]);
    expect(doc(files, 'loki/app/helmrelease.yaml')['spec'].values.monitoring).toBeUndefined();
    expect(model.components.find((c) => c.name === 'loki')!.derived).toEqual([]);
  });

  it('simple-scalable: read, write and backend on S3 behind the gateway', () => {
    const { files, model } = renderForTest([scalable()], { external: fullExternal });
    expect(goldenDiff(new URL('./golden/simple-scalable', import.meta.url), files)).toEqual([]);
    const values = doc(files, 'loki/app/helmrelease.yaml')['spec'].values;
    expect(values.deploymentMode).toBe('SimpleScalable');
    expect(values.singleBinary).toEqual({ replicas: 0 });
    const env = { extraArgs: ['-config.expand-env=true'], extraEnvFrom: [{ secretRef: { name: 'loki-s3' } }] };
    expect(values.write).toEqual({ replicas: 2, persistence: { enabled: true, size: '5Gi' }, ...env });
    expect(values.backend).toEqual({ replicas: 2, persistence: { enabled: true, size: '5Gi' }, ...env });
    expect(values.read).toEqual({ replicas: 2, ...env });
    expect(values.loki.storage.s3).toMatchObject({ endpoint: 's3.eu-central-1.amazonaws.com', s3ForcePathStyle: false });
    expect(model.facts.endpoint('loki')).toMatchObject({ name: 'loki', url: 'http://loki-gateway.monitoring.svc.cluster.local' });
    expect(files.get('loki/README.md')).toContain('deprecated upstream');
  });

  it('rejects what Loki would refuse', () => {
    const codes = (run: () => unknown) => problemsOf(run).diagnostics.map((d) => `${d.code} ${d.path ?? '-'}`);
    expect(codes(() => renderForTest([loki({ replicas: 2 })]))).toEqual(['VALUE_MISSING storage.s3']);
    expect(codes(() => renderForTest([loki({ mode: 'simple-scalable' })]))).toEqual(['VALUE_MISSING storage.s3', 'VALUE_MISSING gateway']);
    expect(codes(() => renderForTest([loki({ schemaFrom: '2024-13-01' })]))).toEqual(['VALUE_INVALID schemaFrom']);
    expect(codes(() => renderForTest([loki({ retention: '2 weeks' })]))).toEqual(['VALUE_INVALID retention']);
  });

  it('a renamed instance uses the chart\'s naming for its Service', () => {
    const { model } = renderForTest([loki({ name: 'logs' })]);
    expect(model.facts.endpoint('loki')).toMatchObject({ url: 'http://logs-loki.monitoring.svc.cluster.local:3100' });
  });
});
