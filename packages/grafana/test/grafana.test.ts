import { describe, expect, it } from 'vitest';
import { defineComponent, Type, type Fact } from '@fluxgen/core';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { grafana, roleAttributePath } from '../src/index.js';

/**
 * A stand-in for the components Grafana reads about (kube-prometheus-stack, Loki, Tempo, Reloader):
 * it publishes the endpoints and facts given, and nothing else.
 */
const publisher = (facts: Fact[]) =>
  defineComponent({
    name: 'publisher',
    title: 'Publisher',
    summary: 'Publishes facts',
    category: 'observability',
    namespace: 'monitoring',
    chart: { name: 'publisher', version: '1.0.0', repository: 'https://charts.example.com' },
    docs: [],
    values: Type.Object({}),
    facts: () => facts,
  })();

const url = {
  prometheus: 'http://prometheus-operated.monitoring.svc.cluster.local:9090',
  alertmanager: 'http://alertmanager-operated.monitoring.svc.cluster.local:9093',
  loki: 'http://loki.monitoring.svc.cluster.local:3100',
  tempo: 'http://tempo.monitoring.svc.cluster.local:3200',
};
const endpoints = (...names: (keyof typeof url)[]): Fact[] => names.map((name) => ({ kind: 'endpoint', name, url: url[name] }));
const observability = (): Fact[] => [
  ...endpoints('prometheus', 'alertmanager', 'loki', 'tempo'),
  { kind: 'metrics-collector', namespace: 'monitoring' },
  { kind: 'workload-restarter', annotation: 'reloader.stakater.com/auto', value: 'true', namespaces: [] },
];

/** The seed-002 configuration: Authentik login, a route, a volume, grafana.com dashboards, one more datasource. */
const full = () =>
  grafana({
    admin: { secret: { existingSecret: 'grafana-admin' }, userKey: 'username', passwordKey: 'password' },
    route: { hostnames: ['grafana.example.com'], gateway: { name: 'main', namespace: 'gateway', sectionName: 'https' } },
    oauth: {
      host: 'auth.example.com',
      slug: 'grafana',
      client: { existingSecret: 'grafana-oauth' },
      roles: [
        { group: 'Grafana Admins', role: 'Admin' },
        { group: 'Grafana Editors', role: 'Editor' },
      ],
      basicLogin: false,
      autoLogin: true,
    },
    datasources: { extra: [{ name: 'InfluxDB', type: 'influxdb', url: 'http://influxdb.home.svc.cluster.local:8086', uid: 'influxdb', jsonData: { dbName: 'home' } }] },
    dashboards: {
      providers: [
        {
          name: 'community',
          folder: 'Community',
          dashboards: [
            { name: 'node-exporter-full', gnetId: 1860, revision: 37 },
            { name: 'flux-cluster', url: 'https://raw.githubusercontent.com/fluxcd/flux2-monitoring-example/main/monitoring/configs/dashboards/cluster.json' },
          ],
        },
      ],
    },
    plugins: ['grafana-piechart-panel'],
    storage: { size: '5Gi', storageClass: 'longhorn' },
  });
const external = [
  'crd:monitoring.coreos.com',
  'crd:gateway.networking.k8s.io',
  'gateway:gateway/main',
  'storage-class:longhorn',
  'secret:monitoring/grafana-admin',
  'secret:monitoring/grafana-oauth',
];

const values = (files: ReadonlyMap<string, string>) => doc(files, 'grafana/app/helmrelease.yaml')['spec'].values;
const datasources = (files: ReadonlyMap<string, string>) =>
  (values(files)['datasources']?.['datasources.yaml']?.datasources ?? []) as { name: string; uid?: string; url: string; jsonData?: Record<string, any> }[];

describe('grafana', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([grafana()]).files)).toEqual([]);
  });

  it('defaults: grafana-community OCI chart in monitoring, restricted, sidecar on, no datasource and no monitor without a cluster', () => {
    const { files, model } = renderForTest([grafana()]);
    const release = doc(files, 'grafana/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'grafana', namespace: 'monitoring' });
    const source = doc(files, 'grafana/app/ocirepository.yaml');
    expect(source['spec'].url).toBe('oci://ghcr.io/grafana-community/helm-charts/grafana');
    expect(source['spec'].ref).toEqual({ tag: '12.11.1' });
    expect(doc(files, 'grafana/app/namespace.yaml')['metadata'].labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(doc(files, 'grafana/ks.yaml')['spec'].dependsOn).toBeUndefined();
    expect(values(files)).toEqual({
      'grafana.ini': {
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
        news: { news_feed_enabled: false },
      },
      // No endpoint in the cluster: none provisioned, and any provisioned before is pruned.
      datasources: { 'datasources.yaml': { apiVersion: 1, prune: true, datasources: [] } },
      sidecar: {
        dashboards: {
          enabled: true,
          searchNamespace: 'ALL',
          label: 'grafana_dashboard',
          labelValue: '',
          folderAnnotation: 'grafana_folder',
          provider: { foldersFromFilesStructure: true, disableDelete: true },
        },
      },
      initChownData: { enabled: false },
      serviceMonitor: { enabled: false },
      testFramework: { enabled: false },
    });
    const component = model.components[0]!;
    expect(component.facts).toEqual([
      { kind: 'dashboard-loader', from: 'grafana', label: 'grafana_dashboard', value: '', folderAnnotation: 'grafana_folder', namespaces: [], path: 'dashboards.sidecar' },
    ]);
    expect(component.needs).toEqual([]);
  });

  it('full: matches the golden tree', () => {
    const rendered = renderForTest([publisher(observability()), full()], { external });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('full: Authentik endpoints from the host and slug, roles as JMESPath, secrets through env, login form off', () => {
    const { files, model } = renderForTest([publisher(observability()), full()], { external });
    const v = values(files);
    expect(v['grafana.ini']).toEqual({
      server: { root_url: 'https://grafana.example.com' },
      analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
      news: { news_feed_enabled: false },
      auth: { signout_redirect_url: 'https://auth.example.com/application/o/grafana/end-session/', oauth_auto_login: true, disable_login_form: true },
      'auth.basic': { enabled: false },
      'auth.generic_oauth': {
        enabled: true,
        name: 'Authentik',
        allow_sign_up: true,
        scopes: 'openid profile email',
        auth_url: 'https://auth.example.com/application/o/authorize/',
        token_url: 'https://auth.example.com/application/o/token/',
        api_url: 'https://auth.example.com/application/o/userinfo/',
        use_pkce: true,
        login_attribute_path: 'preferred_username',
        role_attribute_path: "contains(groups[*], 'Grafana Admins') && 'Admin' || contains(groups[*], 'Grafana Editors') && 'Editor' || 'Viewer'",
        role_attribute_strict: false,
        allow_assign_grafana_admin: false,
      },
    });
    // No client secret in grafana.ini: the chart's assertNoLeakedSecrets would fail the release.
    expect(JSON.stringify(v['grafana.ini'])).not.toContain('client_secret');
    expect(v['envValueFrom']).toEqual({
      GF_AUTH_GENERIC_OAUTH_CLIENT_ID: { secretKeyRef: { name: 'grafana-oauth', key: 'client-id' } },
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: 'grafana-oauth', key: 'client-secret' } },
    });
    expect(v['admin']).toEqual({ existingSecret: 'grafana-admin', userKey: 'username', passwordKey: 'password' });
    // Reloader is in the cluster: the Deployment opts in, so a rotated Secret restarts Grafana.
    expect(v['annotations']).toEqual({ 'reloader.stakater.com/auto': 'true' });
    expect(v['route']).toEqual({
      main: { enabled: true, hostnames: ['grafana.example.com'], parentRefs: [{ name: 'main', namespace: 'gateway', sectionName: 'https' }] },
    });
    expect(v['persistence']).toEqual({ enabled: true, size: '5Gi', storageClassName: 'longhorn' });
    expect(v['deploymentStrategy']).toEqual({ type: 'Recreate' });
    expect(v['initChownData']).toEqual({ enabled: false });
    // Derived: kube-prometheus-stack (the publisher here) collects every namespace's monitors.
    expect(v['serviceMonitor']).toEqual({ enabled: true });
    expect(v['plugins']).toEqual(['grafana-piechart-panel']);
    expect(v['dashboardProviders']['dashboardproviders.yaml'].providers).toEqual([
      {
        name: 'community',
        orgId: 1,
        folder: 'Community',
        type: 'file',
        disableDeletion: true,
        editable: false,
        options: { path: '/var/lib/grafana/dashboards/community' },
      },
    ]);
    expect(v['dashboards']).toEqual({
      community: {
        'node-exporter-full': { gnetId: 1860, revision: 37, datasource: 'Prometheus' },
        'flux-cluster': {
          url: 'https://raw.githubusercontent.com/fluxcd/flux2-monitoring-example/main/monitoring/configs/dashboards/cluster.json',
          datasource: 'Prometheus',
        },
      },
    });
    const component = model.components.find((c) => c.name === 'grafana')!;
    expect(component.needs).toEqual(expect.arrayContaining(['crd:gateway.networking.k8s.io', 'storage-class:longhorn', 'crd:monitoring.coreos.com']));
    expect(component.secrets.map((s) => s.name)).toEqual(['grafana-admin', 'grafana-oauth']);
  });

  it('full: the four datasources with fixed uids, linked to each other, then the extra one', () => {
    const { files } = renderForTest([publisher(observability()), full()], { external });
    const ds = datasources(files);
    expect(ds.map((d) => [d.name, d.uid, d.url])).toEqual([
      ['Prometheus', 'prometheus', url.prometheus],
      ['Alertmanager', 'alertmanager', url.alertmanager],
      ['Loki', 'loki', url.loki],
      ['Tempo', 'tempo', url.tempo],
      ['InfluxDB', 'influxdb', 'http://influxdb.home.svc.cluster.local:8086'],
    ]);
    const [prometheus, , loki, tempo] = ds;
    expect(prometheus).toMatchObject({ isDefault: true, jsonData: { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo' }] } });
    expect(loki!.jsonData!['derivedFields']).toEqual([
      { name: 'TraceID', datasourceUid: 'tempo', matcherRegex: '(?:trace_?id|traceID)[=:"\\s]+(\\w+)', url: '$${__value.raw}' },
    ]);
    expect(tempo!.jsonData).toMatchObject({
      tracesToLogsV2: { datasourceUid: 'loki', filterByTraceID: true },
      tracesToMetrics: { datasourceUid: 'prometheus' },
      serviceMap: { datasourceUid: 'prometheus' },
      lokiSearch: { datasourceUid: 'loki' },
      nodeGraph: { enabled: true },
    });
    // Grafana template variables escaped from provisioning's environment expansion.
    expect(tempo!.jsonData!['tracesToMetrics'].queries[0].query).toBe('sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))');
  });

  it('a datasource appears exactly when its endpoint is published, and links only to datasources that exist', () => {
    const only = (...names: (keyof typeof url)[]) => datasources(renderForTest([publisher(endpoints(...names)), grafana()]).files);
    expect(only()).toEqual([]);
    expect(only('prometheus').map((d) => d.uid)).toEqual(['prometheus']);
    expect(only('prometheus')[0]!.jsonData).toEqual({ prometheusType: 'Prometheus' });
    const lokiAlone = only('loki');
    expect(lokiAlone.map((d) => d.uid)).toEqual(['loki']);
    expect(lokiAlone[0]!.jsonData).toEqual({ maxLines: 1000 });
    const tempoAlone = only('tempo')[0]!;
    expect(tempoAlone.jsonData).toEqual({ nodeGraph: { enabled: true }, search: { hide: false } });
    const withLoki = only('tempo', 'loki');
    expect(withLoki.map((d) => d.uid)).toEqual(['loki', 'tempo']);
    expect(withLoki[1]!.jsonData!['tracesToLogsV2'].datasourceUid).toBe('loki');
    expect(withLoki[1]!.jsonData!['tracesToMetrics']).toBeUndefined();
  });

  it('derivation off: only the extra datasources; an extra default takes the default from Prometheus', () => {
    const off = datasources(
      renderForTest([publisher(endpoints('prometheus', 'loki')), grafana({ datasources: { derive: false, extra: [{ name: 'Mimir', type: 'prometheus', url: 'http://mimir:8080/prometheus' }] } })]).files,
    );
    expect(off).toEqual([{ name: 'Mimir', type: 'prometheus', access: 'proxy', url: 'http://mimir:8080/prometheus' }]);
    const both = datasources(
      renderForTest([publisher(endpoints('prometheus')), grafana({ datasources: { extra: [{ name: 'Mimir', type: 'prometheus', url: 'http://mimir:8080/prometheus', isDefault: true }] } })]).files,
    );
    expect(both.map((d) => [d.name, (d as { isDefault?: boolean }).isDefault])).toEqual([
      ['Prometheus', false],
      ['Mimir', true],
    ]);
  });

  it('no sidecar: no dashboard-loader fact; no restarter annotation when Reloader watches other namespaces', () => {
    const { files, model } = renderForTest([
      publisher([{ kind: 'workload-restarter', annotation: 'reloader.stakater.com/auto', value: 'true', namespaces: ['media'] }]),
      grafana({ dashboards: { sidecar: false } }),
    ]);
    expect(model.components.find((c) => c.name === 'grafana')!.facts).toEqual([]);
    expect(values(files)['sidecar']).toEqual({ dashboards: { enabled: false } });
    expect(values(files)['annotations']).toBeUndefined();
  });

  it('roles: first matching group wins, quotes escaped, strict drops the default, GrafanaAdmin may be assigned', () => {
    expect(roleAttributePath({ roles: [], defaultRole: 'Viewer', strictRoles: false })).toBe("'Viewer'");
    expect(roleAttributePath({ roles: [{ group: "Bob's team", role: 'Editor' }], defaultRole: 'None', strictRoles: true })).toBe(
      "contains(groups[*], 'Bob\\'s team') && 'Editor'",
    );
    const { files } = renderForTest([
      grafana({
        rootUrl: 'https://grafana.lan/',
        oauth: { host: 'sso.lan', slug: 'grafana-lan', client: { existingSecret: 'oauth' }, roles: [{ group: 'ops', role: 'GrafanaAdmin' }], strictRoles: true },
      }),
    ], { external: ['secret:monitoring/oauth'] });
    const ini = values(files)['grafana.ini'];
    expect(ini['server']).toEqual({ root_url: 'https://grafana.lan' });
    expect(ini['auth.generic_oauth']).toMatchObject({
      role_attribute_path: "contains(groups[*], 'ops') && 'GrafanaAdmin'",
      role_attribute_strict: true,
      allow_assign_grafana_admin: true,
    });
    expect(ini['auth']).toEqual({ signout_redirect_url: 'https://sso.lan/application/o/grafana-lan/end-session/', oauth_auto_login: false, disable_login_form: false });
    expect(ini['auth.basic']).toEqual({ enabled: true });
  });

  it('README: datasources, login, dashboards, the restarter and the monitoring topic', () => {
    const { files } = renderForTest([publisher(observability()), full()], { external });
    const readme = files.get('grafana/README.md')!;
    expect(readme).toContain('Datasources derived from the cluster: Prometheus (`prometheus`, publisher)');
    expect(readme).toContain('Login through Authentik (`auth.example.com`, application `grafana`)');
    expect(readme).toContain('Restarted by publisher when its Secrets change');
    expect(readme).toContain('kubectl -n monitoring logs deploy/grafana -c grafana-sc-dashboard --tail=50');
    const map = files.get('README.md')!;
    expect(map).toContain('Grafana queries Prometheus (`http://prometheus-operated.monitoring.svc.cluster.local:9090`)');
    expect(map).toContain('Traces link to logs (Loki) and metrics and the service map (Prometheus)');
  });

  it('bad combinations are reported at their path', () => {
    const codes = (input: Parameters<typeof grafana>[0], facts: Fact[] = []) =>
      problemsOf(() => renderForTest([publisher(facts), grafana(input)], { external: ['secret:monitoring/oauth'] })).diagnostics.map((d) => `${d.code} ${d.path}`);
    expect(codes({ oauth: { host: 'auth.example.com', slug: 'grafana', client: { existingSecret: 'oauth' } } })).toEqual(['VALUE_MISSING rootUrl']);
    expect(codes({ datasources: { extra: [{ name: 'Prometheus', type: 'prometheus', url: 'http://x:9090' }] } }, endpoints('prometheus'))).toEqual([
      'VALUE_INVALID datasources.extra[0]',
    ]);
    expect(codes({ dashboards: { providers: [{ name: 'p', dashboards: [{ name: 'd', gnetId: 1, url: 'https://x.example.com/d.json' }] }] } })).toEqual([
      'VALUE_INVALID dashboards.providers[0].dashboards[0]',
    ]);
  });
});
