import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, parseYamlFile, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { CHART_VERSIONS, ISTIO_VERSION, istioBase, istioCni, istiod, ztunnel } from '../src/index.js';
import { observability, tempoQuery } from './observability.js';

const ambient = () => [istioBase(), istiod(), istioCni(), ztunnel()];

/** A homelab mesh: Authentik ext-authz on a Gateway, an L4 allow policy, tracing to Tempo, monitors. */
const full = () => [
  observability(),
  istioBase(),
  istiod({
    replicas: 2,
    resources: { cpu: '200m', memory: '1Gi' },
    extAuthz: [
      {
        name: 'authentik',
        service: 'ak-outpost-authentik-embedded-outpost.authentik.svc.cluster.local',
        port: 9000,
        pathPrefix: '/outpost.goauthentik.io/auth/envoy',
        headersToUpstreamOnAllow: ['set-cookie', 'x-authentik-*'],
        includeRequestHeadersInCheck: ['cookie'],
      },
    ],
    authorizationPolicies: [
      {
        name: 'authentik',
        namespace: 'istio-system',
        action: 'CUSTOM',
        provider: 'authentik',
        targetRefs: [{ kind: 'Gateway', name: 'external' }],
        rules: [{ to: { hosts: ['app.example.com'], notPaths: ['/outpost.goauthentik.io/*'] } }],
      },
      {
        name: 'grafana-from-monitoring',
        namespace: 'monitoring',
        selector: { 'app.kubernetes.io/name': 'grafana' },
        rules: [{ from: { namespaces: ['monitoring', 'istio-system'] }, to: { ports: [3000] } }],
      },
    ],
    tracing: { samplingPercent: 5 },
    serviceMonitor: true,
  }),
  istioCni({ logAsJson: false }),
  ztunnel({ logLevel: 'warn', podMonitor: true }),
];
const external = ['crd:monitoring.coreos.com', 'crd:gateway.networking.k8s.io'];

describe('istio (ambient): defaults', () => {
  it('matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/ambient', import.meta.url), renderForTest(ambient()).files)).toEqual([]);
  });

  it('four releases from the new registry, one version, one namespace', () => {
    const { files } = renderForTest(ambient());
    for (const [component, chart] of [['istio-base', 'base'], ['istiod', 'istiod'], ['istio-cni', 'cni'], ['ztunnel', 'ztunnel']] as const) {
      expect(doc(files, `${component}/app/ocirepository.yaml`)['spec']).toMatchObject({
        url: `oci://ghcr.io/istio/release/charts/${chart}`,
        ref: { tag: ISTIO_VERSION },
      });
      expect(doc(files, `${component}/app/helmrelease.yaml`)['metadata']).toEqual({ name: component, namespace: 'istio-system' });
    }
    expect(ISTIO_VERSION).toBe('1.30.3');
    expect([...files.values()].some((text) => text.includes('storage.googleapis.com') || text.includes('gcr.io'))).toBe(false);
    // istio-system is declared once, privileged (istio-cni and ztunnel).
    expect(doc(files, 'istio-base/app/namespace.yaml')['metadata']['labels']).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
  });

  it('applies base → istiod → cni → ztunnel, derived from what each provides', () => {
    const { files, model } = renderForTest(ambient());
    expect(model.components.map((c) => c.name)).toEqual(['istio-base', 'istiod', 'istio-cni', 'ztunnel']);
    const deps = (name: string) =>
      ((parseYamlFile(files.get(`${name}/ks.yaml`)!)[0] as { spec: { dependsOn?: { name: string }[] } }).spec.dependsOn ?? []).map((d) => d.name);
    expect(deps('istio-base')).toEqual([]);
    expect(deps('istiod')).toEqual(['istio-base']);
    expect(deps('istio-cni')).toEqual(['istio-base', 'istiod']);
    expect(deps('ztunnel')).toEqual(['istio-base', 'istio-cni']);
    const istiodModel = model.components.find((c) => c.name === 'istiod')!;
    expect(istiodModel.dependsOn).toEqual([{ name: 'istio-base', because: ['crd:networking.istio.io', 'crd:telemetry.istio.io', 'namespace:istio-system'] }]);
    // The PeerAuthentication waits for istiod (its webhook validates it) in config/.
    const configKs = parseYamlFile(files.get('istiod/ks.yaml')!) as { metadata: { name: string }; spec: { dependsOn?: { name: string }[] } }[];
    expect(configKs.map((k) => [k.metadata.name, (k.spec.dependsOn ?? []).map((d) => d.name)])).toEqual([
      ['istiod', ['istio-base']],
      ['istiod-config', ['istiod', 'istio-base']],
    ]);
  });

  it('values: the ambient profile on istiod, cni and ztunnel; none on base', () => {
    const { files, model } = renderForTest(ambient());
    const values = (name: string) => doc(files, `${name}/app/helmrelease.yaml`)['spec'].values;
    expect(values('istio-base')).toEqual({});
    expect(values('istiod')).toEqual({
      profile: 'ambient',
      autoscaleEnabled: false,
      replicaCount: 1,
      resources: { requests: { cpu: '100m', memory: '512Mi' } },
      global: { logAsJson: true },
      meshConfig: { accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON' },
    });
    expect(values('istio-cni')).toEqual({ profile: 'ambient', global: { logAsJson: true }, resources: { requests: { cpu: '100m', memory: '100Mi' } } });
    expect(values('ztunnel')).toEqual({ profile: 'ambient', logAsJson: true, logLevel: 'info', resources: { requests: { cpu: '200m', memory: '512Mi' } } });
    expect(model.facts.one('mesh')).toEqual({ kind: 'mesh', mode: 'ambient', path: 'profile', from: 'istiod' });
    expect(model.facts.all('lockstep').map((f) => [f.from, f.version])).toEqual([
      ['istio-base', '1.30.3'],
      ['istiod', '1.30.3'],
      ['istio-cni', '1.30.3'],
      ['ztunnel', '1.30.3'],
    ]);
  });

  it('HelmRelease dependsOn with readyExpr on the chart version, and drift detection ignoring the webhook failurePolicy', () => {
    const { files } = renderForTest(ambient());
    const spec = (name: string) => doc(files, `${name}/app/helmrelease.yaml`)['spec'];
    const ready = (v: string) =>
      "dep.metadata.generation == dep.status.observedGeneration && dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True') && " +
      `dep.status.history.size() > 0 && (dep.status.history[0].chartVersion == '${v}' || dep.status.history[0].chartVersion.startsWith('${v}+'))`;
    expect(spec('istio-base').dependsOn).toBeUndefined();
    expect(spec('istiod').dependsOn).toEqual([{ name: 'istio-base', namespace: 'istio-system', readyExpr: ready('1.30.3') }]);
    expect(spec('istio-cni').dependsOn).toEqual([{ name: 'istiod', namespace: 'istio-system', readyExpr: ready('1.30.3') }]);
    expect(spec('ztunnel').dependsOn).toEqual([{ name: 'istio-cni', namespace: 'istio-system', readyExpr: ready('1.30.3') }]);
    const ignore = { ignore: [{ paths: ['/webhooks/0/failurePolicy'], target: { kind: 'ValidatingWebhookConfiguration' } }] };
    expect(spec('istio-base').driftDetection).toEqual(ignore);
    expect(spec('istiod').driftDetection).toEqual(ignore);
    expect(spec('istio-cni').driftDetection).toBeUndefined();
    // The expression follows the version each instance pins.
    const v = { version: '1.29.6' };
    const old = renderForTest([istioBase(v), istiod(v), istioCni(v), ztunnel(v)]);
    expect(doc(old.files, 'ztunnel/app/helmrelease.yaml')['spec'].dependsOn[0].readyExpr).toBe(ready('1.29.6'));
  });

  it('a STRICT mesh-wide PeerAuthentication in istio-system', () => {
    const { files } = renderForTest(ambient());
    expect(doc(files, 'istiod/config/peerauthentication.yaml')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it('README: features, security and troubleshooting of each chart', () => {
    const { files } = renderForTest(ambient());
    const readme = files.get('istiod/README.md')!;
    expect(readme).toContain('Ambient mode (`profile: ambient`)');
    expect(readme).toContain('Mesh-wide mTLS: STRICT (PeerAuthentication `istio-system/default`)');
    expect(readme).toContain('Flux drift detection ignores `/webhooks/0/failurePolicy` of its ValidatingWebhookConfiguration');
    expect(readme).toContain('istioctl analyze -A');
    expect(files.get('istio-cni/README.md')).toContain('cni.exclusive=false');
    expect(files.get('ztunnel/README.md')).toContain('istioctl ztunnel-config workloads');
  });
});

describe('istio (ambient): fully configured', () => {
  it('matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest(full(), { external }).files)).toEqual([]);
  });

  it('tracing and metrics follow the endpoints the cluster publishes', () => {
    const { files, model } = renderForTest(full(), { external });
    const values = doc(files, 'istiod/app/helmrelease.yaml')['spec'].values;
    expect(values.traceSampling).toBe(5);
    expect(values.meshConfig).toEqual({
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'JSON',
      extensionProviders: [
        { name: 'otel-tracing', opentelemetry: { service: 'tempo.monitoring.svc.cluster.local', port: 4317 } },
        { name: 'prometheus', prometheus: {} },
        {
          name: 'authentik',
          envoyExtAuthzHttp: {
            service: 'ak-outpost-authentik-embedded-outpost.authentik.svc.cluster.local',
            port: 9000,
            pathPrefix: '/outpost.goauthentik.io/auth/envoy',
            headersToUpstreamOnAllow: ['set-cookie', 'x-authentik-*'],
            includeRequestHeadersInCheck: ['cookie'],
          },
        },
      ],
      defaultProviders: { tracing: ['otel-tracing'], metrics: ['prometheus'] },
    });
    expect(values.replicaCount).toBe(2);
    expect(model.components.find((c) => c.name === 'istiod')!.features).toContain(
      'Tracing to `tempo.monitoring.svc.cluster.local:4317` (OTLP gRPC), 5% of requests, the endpoint observability publishes',
    );
  });

  it('explicit tracing wins over the endpoint; tracing can be turned off', () => {
    const explicit = renderForTest([observability(), istioBase(), istiod({ tracing: { service: 'otel.tracing.svc.cluster.local', port: 4327 } })]);
    expect(doc(explicit.files, 'istiod/app/helmrelease.yaml')['spec'].values.meshConfig.extensionProviders[0]).toEqual({
      name: 'otel-tracing',
      opentelemetry: { service: 'otel.tracing.svc.cluster.local', port: 4327 },
    });
    const off = renderForTest([observability(), istioBase(), istiod({ tracing: { enabled: false } })]);
    const meshConfig = doc(off.files, 'istiod/app/helmrelease.yaml')['spec'].values.meshConfig;
    expect(meshConfig.defaultProviders).toEqual({ metrics: ['prometheus'] });
    // Only Tempo's query endpoint: its OTLP gRPC receiver on the same Service.
    const tempoOnly = renderForTest([tempoQuery(), istioBase(), istiod()]);
    expect(doc(tempoOnly.files, 'istiod/app/helmrelease.yaml')['spec'].values.meshConfig.extensionProviders).toEqual([
      { name: 'otel-tracing', opentelemetry: { service: 'tempo.monitoring.svc.cluster.local', port: 4317 } },
    ]);
    // Without the endpoints: no provider at all.
    const none = renderForTest([istioBase(), istiod()]);
    expect(doc(none.files, 'istiod/app/helmrelease.yaml')['spec'].values.meshConfig.extensionProviders).toBeUndefined();
  });

  it('AuthorizationPolicies, ServiceMonitor and PodMonitor', () => {
    const { files, model } = renderForTest(full(), { external });
    expect(parseYamlFile(files.get('istiod/config/authorizationpolicy.yaml')!)).toEqual([
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'authentik', namespace: 'istio-system' },
        spec: {
          action: 'CUSTOM',
          provider: { name: 'authentik' },
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'external' }],
          rules: [{ to: [{ operation: { hosts: ['app.example.com'], notPaths: ['/outpost.goauthentik.io/*'] } }] }],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'grafana-from-monitoring', namespace: 'monitoring' },
        spec: {
          action: 'ALLOW',
          selector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
          rules: [{ from: [{ source: { namespaces: ['monitoring', 'istio-system'] } }], to: [{ operation: { ports: ['3000'] } }] }],
        },
      },
    ]);
    expect(doc(files, 'istiod/app/servicemonitor.yaml')['spec']).toEqual({
      selector: { matchLabels: { istio: 'pilot' } },
      namespaceSelector: { matchNames: ['istio-system'] },
      endpoints: [{ port: 'http-monitoring', interval: '30s' }],
    });
    expect(doc(files, 'ztunnel/app/podmonitor.yaml')['spec']['podMetricsEndpoints']).toEqual([{ portNumber: 15020, path: '/stats/prometheus', interval: '30s' }]);
    const istiodModel = model.components.find((c) => c.name === 'istiod')!;
    expect(istiodModel.needs).toEqual(['crd:networking.istio.io', 'crd:telemetry.istio.io', 'crd:monitoring.coreos.com']);
    expect(istiodModel.configNeeds).toContain('crd:gateway.networking.k8s.io');
    expect(model.components.find((c) => c.name === 'ztunnel')!.needs).toEqual(['configmap:istio-system/istio-cni-config', 'crd:monitoring.coreos.com']);
  });
});

describe('istio: vendored chart data', () => {
  const charts = new URL('../charts/', import.meta.url);
  const folders = readdirSync(charts, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((chart) => readdirSync(new URL(`${chart.name}/`, charts)).map((version) => `${chart.name}/${version}`));

  it('every chart has 1.30.3 and 1.29.6', () => {
    expect(folders.sort()).toEqual(['base', 'cni', 'istiod', 'ztunnel'].flatMap((c) => [`${c}/1.29.6`, `${c}/1.30.3`]));
  });

  it.each(folders)('%s: values.yaml parses, defaults under _internal_defaults_do_not_set', (folder) => {
    const [values] = parseYamlFile(readFileSync(new URL(`${folder}/values.yaml`, charts), 'utf8')) as Record<string, unknown>[];
    expect(Object.keys(values!)).toEqual(['_internal_defaults_do_not_set']);
  });
});

describe('istio: rules', () => {
  it('the four chart pins are one release', () => {
    expect(new Set(Object.values(CHART_VERSIONS))).toEqual(new Set([ISTIO_VERSION]));
  });

  it('the four versions move in lockstep: a mismatch names both components', () => {
    const e = problemsOf(() => renderForTest([istioBase(), istiod({ version: '1.29.6' }), istioCni(), ztunnel()]));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({
        code: 'VALUE_INVALID',
        component: 'istiod',
        path: 'version',
        got: '1.29.6',
        message: 'is 1.29.6, but istio-base pins 1.30.3: istio-base, istiod, istio-cni and ztunnel are released together and must run the same Istio version',
      }),
    ]);
  });

  it('all four on the previous release is fine (its chart data is vendored)', () => {
    const v = { version: '1.29.6' };
    const { files } = renderForTest([istioBase(v), istiod(v), istioCni(v), ztunnel(v)]);
    expect(doc(files, 'ztunnel/app/ocirepository.yaml')['spec'].ref).toEqual({ tag: '1.29.6' });
  });

  it('policy rules are reported together, with their paths', () => {
    const e = problemsOf(() =>
      renderForTest([
        istioBase(),
        istiod({
          authorizationPolicies: [
            { name: 'a', namespace: 'apps', action: 'CUSTOM' },
            { name: 'b', namespace: 'apps', action: 'DENY', provider: 'authentik' },
            { name: 'c', namespace: 'apps', rules: [{ to: { paths: ['/admin'] } }] },
            { name: 'd', namespace: 'apps', selector: { app: 'x' }, targetRefs: [{ kind: 'Service', name: 'x' }] },
          ],
        }),
      ]),
    );
    expect(e.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['VALUE_MISSING', 'authorizationPolicies[0].provider'],
      ['VALUE_INVALID', 'authorizationPolicies[1].provider'],
      ['VALUE_INVALID', 'authorizationPolicies[2].rules[0].to.paths'],
      ['VALUE_INVALID', 'authorizationPolicies[3].targetRefs'],
    ]);
  });

  it('sidecar mode publishes a sidecar mesh and no ambient profile', () => {
    const { files, model } = renderForTest([istioBase(), istiod({ profile: 'default' })]);
    expect(doc(files, 'istiod/app/helmrelease.yaml')['spec'].values.profile).toBeUndefined();
    expect(model.facts.one('mesh')).toMatchObject({ mode: 'sidecar', from: 'istiod' });
  });
});
