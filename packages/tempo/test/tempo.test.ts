import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineComponent, Type } from '@fluxgen/core';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { tempo, TEMPO_DEFAULT_CONFIG } from '../src/index.js';

/** Stand-ins (packages do not depend on each other): kube-prometheus-stack's facts, and the Dragonfly operator's. */
const prometheus = defineComponent({
  name: 'prometheus',
  title: 'Prometheus',
  summary: 'Publishes the Prometheus endpoint and collects metrics',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'prometheus', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['monitoring.coreos.com'], 'storage-class': ['fast'] }),
  facts: () => [
    { kind: 'endpoint', name: 'prometheus', url: 'http://prometheus-operated.monitoring.svc.cluster.local:9090' },
    { kind: 'metrics-collector', namespace: 'monitoring' },
  ],
});
const operator = defineComponent({
  name: 'dragonfly',
  title: 'Dragonfly',
  summary: 'Runs Dragonfly custom resources',
  category: 'core',
  namespace: 'dragonfly-operator-system',
  chart: { name: 'dragonfly', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['dragonflydb.io'] }),
  facts: () => [{ kind: 'operator', group: 'dragonflydb.io', resource: 'Dragonfly' }],
});

/** Seed 002: Prometheus and the Dragonfly operator in the cluster, everything derived. */
const stack = () => [prometheus(), operator(), tempo({ storage: { volume: { size: '50Gi', storageClass: 'fast' } }, receivers: { zipkin: true }, resources: { memory: '2Gi' } })];

/** S3, an existing Memcached, a typed remote-write URL, one processor. */
const s3 = () =>
  tempo({
    storage: {
      volume: { size: '5Gi' },
      s3: { endpoint: 'minio.storage.svc.cluster.local', port: 9000, bucket: 'traces', insecure: true, credentials: { existingSecret: 'tempo-s3' } },
    },
    retention: '720h',
    receivers: { otlpHttp: false },
    metricsGenerator: { remoteWriteUrl: 'http://victoria.monitoring.svc:8428/api/v1/write', processors: ['service-graphs'] },
    cache: { address: 'memcached.monitoring.svc.cluster.local' },
    monitoring: false,
  });

describe('tempo', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([tempo()]).files)).toEqual([]);
  });

  it('defaults: chart, OCI source, restricted pod, OTLP only, no generator or cache without the stack', () => {
    const { files, model } = renderForTest([tempo()]);
    const release = doc(files, 'tempo/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'tempo', namespace: 'monitoring' });
    expect(doc(files, 'tempo/app/ocirepository.yaml')['spec']).toMatchObject({ url: 'oci://ghcr.io/grafana-community/helm-charts/tempo', ref: { tag: '2.2.4' } });
    const values = release['spec'].values;
    // Jaeger cannot be removed (the chart's Service template reads its endpoints): loopback only.
    expect(values.tempo.receivers).toEqual({
      jaeger: {
        protocols: {
          grpc: { endpoint: '127.0.0.1:14250' },
          thrift_binary: { endpoint: '127.0.0.1:6832' },
          thrift_compact: { endpoint: '127.0.0.1:6831' },
          thrift_http: { endpoint: '127.0.0.1:14268' },
        },
      },
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
    });
    expect(values.tempo.retention).toBe('336h');
    expect(values.tempo.metricsGenerator).toEqual({ enabled: false });
    expect(values.tempo.overrides).toBeUndefined();
    expect(values.config).toBeUndefined();
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.tempo.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(values.persistence).toEqual({ enabled: true, size: '20Gi' });
    expect(files.has('tempo/app/dragonfly.yaml')).toBe(false);
    const component = model.components[0]!;
    expect(component.needs).toEqual([]);
    expect(component.facts).toEqual([
      { kind: 'endpoint', name: 'tempo', url: 'http://tempo.monitoring.svc.cluster.local:3200', from: 'tempo' },
      { kind: 'endpoint', name: 'otlp-grpc', url: 'tempo.monitoring.svc.cluster.local:4317', path: 'receivers.otlpGrpc', from: 'tempo' },
      { kind: 'endpoint', name: 'otlp-http', url: 'http://tempo.monitoring.svc.cluster.local:4318', path: 'receivers.otlpHttp', from: 'tempo' },
      { kind: 'remote-write-client', name: 'tempo', path: 'metricsGenerator.enabled', from: 'tempo' },
    ]);
  });

  it('with Prometheus and the Dragonfly operator: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/stack', import.meta.url), renderForTest(stack()).files)).toEqual([]);
  });

  it('with Prometheus and the Dragonfly operator: derived remote write, its own Dragonfly, the cache pointed at it, and the order', () => {
    const { files, model } = renderForTest(stack());
    const values = doc(files, 'tempo/app/helmrelease.yaml')['spec'].values;
    expect(values.tempo.metricsGenerator).toEqual({
      enabled: true,
      remoteWriteUrl: 'http://prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write',
      storage: { path: '/var/tempo/generator/wal' },
      traces_storage: { path: '/var/tempo/generator/traces' },
    });
    expect(values.tempo.overrides).toEqual({ defaults: { metrics_generator: { processors: ['service-graphs', 'span-metrics'] } } });
    expect(values.tempo.receivers.zipkin).toEqual({ endpoint: '0.0.0.0:9411' });
    expect(values.persistence).toEqual({ enabled: true, size: '50Gi', storageClassName: 'fast' });
    expect(values.tempo.resources).toEqual({ requests: { memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(values.serviceMonitor).toEqual({ enabled: true });
    // The config is the chart's template, byte for byte, with the cache appended.
    const config: string = values.config;
    expect(config.startsWith(TEMPO_DEFAULT_CONFIG['2.2.4']!)).toBe(true);
    expect(parse(config.slice(TEMPO_DEFAULT_CONFIG['2.2.4']!.length))).toEqual({
      cache: {
        caches: [
          {
            roles: ['bloom', 'parquet-footer'],
            memcached: { addresses: 'dns+dragonfly-tempo.monitoring.svc.cluster.local:11211', timeout: '500ms', max_idle_conns: 16 },
          },
        ],
      },
    });
    expect(doc(files, 'tempo/app/dragonfly.yaml')).toEqual({
      apiVersion: 'dragonflydb.io/v1alpha1',
      kind: 'Dragonfly',
      metadata: { name: 'dragonfly-tempo', namespace: 'monitoring' },
      spec: {
        replicas: 1,
        memcachedPort: 11211,
        args: ['--maxmemory=$(MAX_MEMORY)Mi', '--proactor_threads=2', '--cache_mode=true'],
        env: [{ name: 'MAX_MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }],
        resources: { requests: { cpu: '50m', memory: '512Mi' }, limits: { memory: '512Mi' } },
        podSecurityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
        containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    });
    const component = model.components.find((c) => c.name === 'tempo')!;
    expect(component.needs).toEqual(expect.arrayContaining(['crd:dragonflydb.io', 'crd:monitoring.coreos.com', 'storage-class:fast']));
    expect(component.dependsOn.map((d) => d.name).sort()).toEqual(['dragonfly', 'prometheus']);
    expect(component.derived.map((d) => d.helmPath)).toEqual(['tempo.metricsGenerator.remoteWriteUrl']);
    const readme = files.get('tempo/README.md')!;
    expect(readme).toContain('declared by Tempo because dragonfly runs the Dragonfly operator (derived)');
    expect(readme).toContain('Derived from other components');
  });

  it('S3, an existing Memcached, a typed remote write: no Dragonfly, no derivation', () => {
    const { files, model } = renderForTest([s3()], { external: ['secret:monitoring/tempo-s3'] });
    expect(goldenDiff(new URL('./golden/s3', import.meta.url), files)).toEqual([]);
    const values = doc(files, 'tempo/app/helmrelease.yaml')['spec'].values;
    expect(values.tempo.storage).toEqual({
      trace: {
        backend: 's3',
        s3: { bucket: 'traces', endpoint: 'minio.storage.svc.cluster.local:9000', forcepathstyle: true, insecure: true },
        wal: { path: '/var/tempo/wal' },
      },
    });
    expect(values.tempo.extraEnvFrom).toEqual([{ secretRef: { name: 'tempo-s3' } }]);
    expect(values.tempo.receivers.otlp).toEqual({ protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '127.0.0.1:4318' } } });
    expect(values.tempo.metricsGenerator.remoteWriteUrl).toBe('http://victoria.monitoring.svc:8428/api/v1/write');
    expect(values.tempo.overrides.defaults.metrics_generator.processors).toEqual(['service-graphs']);
    expect(values.config).toContain('addresses: dns+memcached.monitoring.svc.cluster.local:11211');
    expect(values.serviceMonitor).toBeUndefined();
    expect(files.has('tempo/app/dragonfly.yaml')).toBe(false);
    const component = model.components[0]!;
    expect(component.derived).toEqual([]);
    expect(component.facts.map((f) => (f.kind === 'endpoint' ? f.name : f.kind))).toEqual(['tempo', 'otlp-grpc', 'remote-write-client']);
    expect(component.secrets[0]).toMatchObject({ name: 'tempo-s3', keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] });
  });

  it('the copy of the chart\'s config template is byte for byte the vendored values.yaml `config`', () => {
    for (const [version, config] of Object.entries(TEMPO_DEFAULT_CONFIG)) {
      const values = parse(readFileSync(new URL(`../chart/${version}/values.yaml`, import.meta.url), 'utf8')) as { config: string };
      expect(config).toBe(values.config);
    }
  });

  it('rejects what Tempo cannot run with', () => {
    const codes = (run: () => unknown) => problemsOf(run).diagnostics.map((d) => `${d.code} ${d.path ?? '-'}`);
    expect(codes(() => renderForTest([tempo({ metricsGenerator: { enabled: true } })]))).toEqual(['VALUE_MISSING metricsGenerator.remoteWriteUrl']);
    expect(codes(() => renderForTest([tempo({ cache: { enabled: true } })]))).toEqual(['VALUE_MISSING cache.address']);
    expect(codes(() => renderForTest([tempo({ receivers: { otlpGrpc: false, otlpHttp: false } })]))).toEqual(['VALUE_INVALID receivers']);
    expect(codes(() => renderForTest([tempo({ retention: '14d' })]))).toEqual(['VALUE_INVALID retention']);
    // A typed helm value that contradicts the derived remote write is a conflict naming both components.
    expect(
      codes(() => renderForTest([prometheus(), tempo({ helmValues: { tempo: { metricsGenerator: { remoteWriteUrl: 'http://elsewhere:9090/api/v1/write' } } } })])),
    ).toEqual(['STACK_CONFLICT helmValues.tempo.metricsGenerator.remoteWriteUrl']);
  });

  it('cache off and the generator off leave no Dragonfly and no remote-write client', () => {
    const { files, model } = renderForTest([prometheus(), operator(), tempo({ cache: { enabled: false }, metricsGenerator: { enabled: false } })]);
    expect(files.has('tempo/app/dragonfly.yaml')).toBe(false);
    const component = model.components.find((c) => c.name === 'tempo')!;
    expect(component.needs).not.toContain('crd:dragonflydb.io');
    expect(component.facts.some((f) => f.kind === 'remote-write-client')).toBe(false);
  });
});
