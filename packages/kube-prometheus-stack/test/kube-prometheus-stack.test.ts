import { describe, expect, it } from 'vitest';
import { defineComponent, Type, type Fact } from '@fluxgen/core';
import { doc, goldenDiff, parseYamlFile, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { onePasswordBackend } from '@fluxgen/onepassword-connect';
import { kubePrometheusStack, prometheusOperatorCrds } from '../src/index.js';

/** The homelab-style configuration: Longhorn volumes, Gateway API routes, 1Password credentials. */
const full = () =>
  kubePrometheusStack({
    namespace: 'prometheus-system',
    prometheus: {
      retention: '48h',
      retentionSize: '90GB',
      storage: { storageClass: 'longhorn', size: '100Gi' },
      scrapeInterval: '30s',
      externalUrl: 'https://prometheus.example.com',
      route: { hostnames: ['prometheus.example.com'], gateway: { name: 'main-gateway', namespace: 'gateway', sectionName: 'https' } },
    },
    alertmanager: {
      storage: { storageClass: 'longhorn', size: '5Gi' },
      config: { receiver: { type: 'discord', url: { onePassword: { item: 'vaults/homelab/items/alertmanager-discord' } } } },
      externalUrl: 'https://alertmanager.example.com',
      route: { hostnames: ['alertmanager.example.com'], gateway: { name: 'main-gateway', namespace: 'gateway', sectionName: 'https' } },
    },
    grafana: {
      admin: { secret: { onePassword: { item: 'vaults/homelab/items/grafana', secretName: 'local-account' } }, userKey: 'username', passwordKey: 'password' },
      storage: { storageClass: 'longhorn', size: '10Gi' },
      route: { hostnames: ['grafana.example.com'], gateway: { name: 'main-gateway', namespace: 'gateway', sectionName: 'https' } },
    },
    controlPlane: { kubeProxy: false },
    cleanPrometheusOperatorObjectNames: true,
  });
const external = ['storage-class:longhorn', 'crd:gateway.networking.k8s.io', 'crd:onepassword.com', 'gateway:gateway/main-gateway'];

/** Grafana deployed elsewhere, Alertmanager configured by a hand-made Secret. */
const headless = () =>
  kubePrometheusStack({
    alertmanager: { config: { secret: { existingSecret: 'alertmanager-config' } } },
    grafana: { enabled: false },
    controlPlane: { etcd: false, controllerManager: false, scheduler: false },
  });

describe('prometheus-operator-crds', () => {
  it('chart, namespace and the keep policy', () => {
    const { files, model } = renderForTest([prometheusOperatorCrds()]);
    const release = doc(files, 'prometheus-operator-crds/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'prometheus-operator-crds', namespace: 'kube-system' });
    expect(doc(files, 'prometheus-operator-crds/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://ghcr.io/prometheus-community/charts/prometheus-operator-crds',
      ref: { tag: '31.0.1' },
    });
    expect(release['spec'].values).toEqual({});
    expect(release['spec'].postRenderers).toEqual([
      {
        kustomize: {
          patches: [
            {
              target: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
              patch: '- op: add\n  path: /metadata/annotations/helm.sh~1resource-policy\n  value: keep\n',
            },
          ],
        },
      },
    ]);
    // The JSON6902 patch is valid YAML with one add operation.
    expect(parseYamlFile(release['spec'].postRenderers[0].kustomize.patches[0].patch)).toEqual([
      [{ op: 'add', path: '/metadata/annotations/helm.sh~1resource-policy', value: 'keep' }],
    ]);
    expect(files.has('prometheus-operator-crds/app/namespace.yaml')).toBe(false);
    expect(model.components[0]!.provides).toEqual(['crd:monitoring.coreos.com']);
    expect(model.components[0]!.needs).toEqual([]);
  });
});

describe('kube-prometheus-stack', () => {
  it('defaults: matches the golden tree', () => {
    const rendered = renderForTest([prometheusOperatorCrds(), kubePrometheusStack()]);
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), rendered.files)).toEqual([]);
  });

  it('defaults: chart, namespace, CRDs from the separate unit', () => {
    const { files, model } = renderForTest([prometheusOperatorCrds(), kubePrometheusStack()]);
    const release = doc(files, 'kube-prometheus-stack/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'kube-prometheus-stack', namespace: 'monitoring' });
    expect(doc(files, 'kube-prometheus-stack/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack',
      ref: { tag: '88.5.3' },
    });
    // node-exporter needs host namespaces and host paths.
    expect(doc(files, 'kube-prometheus-stack/app/namespace.yaml')['metadata'].labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
    expect(release['spec'].values).toEqual({
      crds: { enabled: false },
      cleanPrometheusOperatorObjectNames: false,
      prometheus: {
        prometheusSpec: {
          retention: '10d',
          podMonitorSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
        },
      },
      alertmanager: { enabled: true },
      grafana: { enabled: true, defaultDashboardsEnabled: true },
      kubeEtcd: { enabled: true },
      kubeControllerManager: { enabled: true },
      kubeScheduler: { enabled: true },
      kubeProxy: { enabled: true },
    });
    expect(model.components.map((c) => c.name)).toEqual(['prometheus-operator-crds', 'kube-prometheus-stack']);
    expect(doc(files, 'kube-prometheus-stack/ks.yaml')['spec'].dependsOn).toEqual([{ name: 'prometheus-operator-crds' }]);
    expect(model.components[1]!.needs).toEqual(['crd:monitoring.coreos.com']);
    expect(model.components[1]!.secrets).toEqual([]);
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([prometheusOperatorCrds(), full()], { external, secretBackends: [onePasswordBackend] });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: the facts that matter', () => {
    const { files, model } = renderForTest([prometheusOperatorCrds(), full()], { external, secretBackends: [onePasswordBackend] });
    const values = doc(files, 'kube-prometheus-stack/app/helmrelease.yaml')['spec'].values;
    const gateway = [{ name: 'main-gateway', namespace: 'gateway', sectionName: 'https' }];
    expect(values.prometheus).toEqual({
      prometheusSpec: {
        retention: '48h',
        retentionSize: '90GB',
        scrapeInterval: '30s',
        externalUrl: 'https://prometheus.example.com',
        storageSpec: {
          volumeClaimTemplate: {
            spec: { storageClassName: 'longhorn', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } },
          },
        },
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
      },
      route: { main: { enabled: true, hostnames: ['prometheus.example.com'], parentRefs: gateway } },
    });
    expect(values.alertmanager).toEqual({
      enabled: true,
      alertmanagerSpec: {
        externalUrl: 'https://alertmanager.example.com',
        storage: {
          volumeClaimTemplate: {
            spec: { storageClassName: 'longhorn', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
          },
        },
        secrets: ['kube-prometheus-stack-alertmanager-discord'],
      },
      config: {
        route: { receiver: 'discord' },
        receivers: [
          { name: 'null' },
          {
            name: 'discord',
            discord_configs: [
              { webhook_url_file: '/etc/alertmanager/secrets/kube-prometheus-stack-alertmanager-discord/url', send_resolved: true },
            ],
          },
        ],
      },
      route: { main: { enabled: true, hostnames: ['alertmanager.example.com'], parentRefs: gateway } },
    });
    expect(values.grafana).toEqual({
      enabled: true,
      defaultDashboardsEnabled: true,
      admin: { existingSecret: 'local-account', userKey: 'username', passwordKey: 'password' },
      persistence: { enabled: true, size: '10Gi', storageClassName: 'longhorn' },
      deploymentStrategy: { type: 'Recreate' },
      route: { main: { enabled: true, hostnames: ['grafana.example.com'], parentRefs: gateway } },
    });
    expect(values.kubeProxy).toEqual({ enabled: false });
    expect(values.cleanPrometheusOperatorObjectNames).toBe(true);

    const stack = model.components.find((c) => c.name === 'kube-prometheus-stack')!;
    expect(stack.namespace).toBe('prometheus-system');
    expect(stack.needs).toEqual([
      'crd:monitoring.coreos.com',
      'storage-class:longhorn',
      'crd:gateway.networking.k8s.io',
      'crd:onepassword.com',
    ]);
    expect(stack.secrets.map((s) => [s.name, s.keys])).toEqual([
      ['local-account', ['username', 'password']],
      ['kube-prometheus-stack-alertmanager-discord', ['url']],
    ]);
    expect(parseYamlFile(files.get('kube-prometheus-stack/app/onepassworditem.yaml')!)).toEqual([
      {
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name: 'local-account', namespace: 'prometheus-system' },
        spec: { itemPath: 'vaults/homelab/items/grafana' },
      },
      {
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name: 'kube-prometheus-stack-alertmanager-discord', namespace: 'prometheus-system' },
        spec: { itemPath: 'vaults/homelab/items/alertmanager-discord' },
      },
    ]);
  });

  it('Grafana elsewhere and an Alertmanager configuration Secret: matches the golden tree', () => {
    const rendered = renderForTest([prometheusOperatorCrds(), headless()], { external: ['secret:monitoring/alertmanager-config'] });
    expect(goldenDiff(new URL('./golden/headless', import.meta.url), rendered.files)).toEqual([]);
  });

  it('Grafana elsewhere and an Alertmanager configuration Secret: the facts that matter', () => {
    const { files, model } = renderForTest([prometheusOperatorCrds(), headless()], {
      external: ['secret:monitoring/alertmanager-config'],
    });
    const values = doc(files, 'kube-prometheus-stack/app/helmrelease.yaml')['spec'].values;
    expect(values.alertmanager).toEqual({
      enabled: true,
      alertmanagerSpec: { useExistingSecret: true, configSecret: 'alertmanager-config' },
    });
    expect(values.grafana).toEqual({
      enabled: false,
      defaultDashboardsEnabled: true,
      forceDeployDashboards: true,
      forceDeployDatasources: true,
    });
    expect([values.kubeEtcd, values.kubeControllerManager, values.kubeScheduler, values.kubeProxy]).toEqual([
      { enabled: false },
      { enabled: false },
      { enabled: false },
      { enabled: true },
    ]);
    const stack = model.components.find((c) => c.name === 'kube-prometheus-stack')!;
    expect(stack.needs).toEqual(['crd:monitoring.coreos.com', 'secret:monitoring/alertmanager-config']);
    expect(stack.secrets.map((s) => [s.name, s.keys])).toEqual([['alertmanager-config', ['alertmanager.yaml']]]);
  });

  it('disabled parts need nothing: no storage class, route or secret of a switched-off Alertmanager or Grafana', () => {
    const { model } = renderForTest([
      prometheusOperatorCrds(),
      kubePrometheusStack({
        alertmanager: { enabled: false, storage: { storageClass: 'fast', size: '1Gi' }, config: { secret: { existingSecret: 'am' } } },
        grafana: { enabled: false, route: { hostnames: ['g.example.com'], gateway: { name: 'gw' } } },
      }),
    ]);
    expect(model.components[1]!.needs).toEqual(['crd:monitoring.coreos.com']);
    expect(model.components[1]!.helmValues['alertmanager']).toEqual({ enabled: false });
  });

  it('the CRD unit breaks the cycle: storage that emits ServiceMonitors goes between the CRDs and the stack', () => {
    // A storage component whose ServiceMonitor needs the CRDs, and whose class the stack needs.
    const storage = defineComponent({
      name: 'storage',
      title: 'Storage',
      summary: 'A storage class with a ServiceMonitor',
      category: 'storage',
      namespace: 'storage-system',
      chart: { name: 'storage', version: '1.0.0', repository: 'https://charts.example.com' },
      docs: [],
      values: Type.Object({}),
      provides: () => ({ 'storage-class': ['fast'] }),
      needs: () => ({ crd: ['monitoring.coreos.com'] }),
    });
    const { files, model } = renderForTest([
      kubePrometheusStack({ prometheus: { storage: { storageClass: 'fast', size: '20Gi' } } }),
      storage(),
      prometheusOperatorCrds(),
    ]);
    expect(model.components.map((c) => c.name)).toEqual(['prometheus-operator-crds', 'storage', 'kube-prometheus-stack']);
    expect(doc(files, 'storage/ks.yaml')['spec'].dependsOn).toEqual([{ name: 'prometheus-operator-crds' }]);
    expect(doc(files, 'kube-prometheus-stack/ks.yaml')['spec'].dependsOn).toEqual([
      { name: 'prometheus-operator-crds' },
      { name: 'storage' },
    ]);
  });

  it('a renamed instance keeps the chart\'s object names in its commands', () => {
    const { model } = renderForTest([prometheusOperatorCrds(), kubePrometheusStack({ name: 'monitoring' })]);
    const commands = model.components[1]!.troubleshooting.flatMap((s) => s.commands);
    expect(commands).toContain('kubectl -n monitoring logs deploy/monitoring-kube-prometheus-operator --tail=100');
    expect(commands).toContain("kubectl -n monitoring get secret monitoring-grafana -o jsonpath='{.data.admin-password}' | base64 -d");
  });

  it('needs the Prometheus Operator CRDs in the cluster', () => {
    expect(() => renderForTest([kubePrometheusStack()])).toThrow(/needs crd:monitoring\.coreos\.com/);
    expect(() => renderForTest([kubePrometheusStack()], { external: ['crd:monitoring.coreos.com'] })).not.toThrow();
  });

  describe('with the rest of the observability stack', () => {
    /** A stand-in for a standalone Grafana, Tempo and Istio: publishes the facts given, nothing else. */
    const publisher = (facts: Fact[]) =>
      defineComponent({
        name: 'publisher',
        title: 'Publisher',
        summary: 'Publishes facts',
        category: 'observability',
        namespace: 'elsewhere',
        chart: { name: 'publisher', version: '1.0.0', repository: 'https://charts.example.com' },
        docs: [],
        values: Type.Object({}),
        facts: () => facts,
      })();
    const loader: Fact = { kind: 'dashboard-loader', label: 'grafana_dashboard', value: '', folderAnnotation: 'grafana_folder', namespaces: [] };
    const writer: Fact = { kind: 'remote-write-client', name: 'tempo-metrics-generator' };
    const mesh: Fact = { kind: 'mesh', mode: 'ambient' };
    const render = (facts: Fact[], stack = kubePrometheusStack()) => renderForTest([prometheusOperatorCrds(), publisher(facts), stack]);
    const values = (files: ReadonlyMap<string, string>) => doc(files, 'kube-prometheus-stack/app/helmrelease.yaml')['spec'].values;
    const stackOf = (model: { components: readonly { name: string }[] }) => model.components.find((c) => c.name === 'kube-prometheus-stack') as any;

    it('beside a standalone Grafana, Tempo and Istio: matches the golden tree', () => {
      expect(goldenDiff(new URL('./golden/beside', import.meta.url), render([loader, writer, mesh]).files)).toEqual([]);
    });

    it('publishes the Prometheus and Alertmanager endpoints and, selecting every monitor, a metrics collector', () => {
      expect(stackOf(render([]).model).facts).toEqual([
        { kind: 'endpoint', from: 'kube-prometheus-stack', name: 'prometheus', url: 'http://prometheus-operated.monitoring.svc.cluster.local:9090', path: 'prometheus' },
        { kind: 'endpoint', from: 'kube-prometheus-stack', name: 'alertmanager', url: 'http://alertmanager-operated.monitoring.svc.cluster.local:9093', path: 'alertmanager.enabled' },
        { kind: 'metrics-collector', from: 'kube-prometheus-stack', namespace: 'monitoring', path: 'prometheus.selectAllMonitors' },
      ]);
      const narrow = stackOf(render([], kubePrometheusStack({ namespace: 'obs', alertmanager: { enabled: false }, prometheus: { selectAllMonitors: false } })).model);
      expect(narrow.facts).toEqual([
        { kind: 'endpoint', from: 'kube-prometheus-stack', name: 'prometheus', url: 'http://prometheus-operated.obs.svc.cluster.local:9090', path: 'prometheus' },
      ]);
    });

    it('a standalone Grafana turns the bundled one off and forces the dashboards, documented; without it nothing is derived', () => {
      const { files, model } = render([loader]);
      expect(values(files).grafana).toEqual({ enabled: false, defaultDashboardsEnabled: true, forceDeployDashboards: true });
      expect(stackOf(model).derived.map((d: { helmPath: string; value: unknown; from: unknown }) => [d.helmPath, d.value, d.from])).toEqual([
        ['grafana.enabled', false, { component: 'publisher' }],
        ['grafana.forceDeployDashboards', true, { component: 'publisher' }],
      ]);
      const readme = files.get('kube-prometheus-stack/README.md')!;
      expect(readme).toContain('Derived from other components');
      expect(readme).toContain("No Grafana of its own: publisher is the cluster's Grafana (derived)");
      // Dashboards off: only the bundled Grafana is turned off.
      const quiet = render([loader], kubePrometheusStack({ grafana: { dashboards: false } }));
      expect(values(quiet.files).grafana).toEqual({ enabled: false, defaultDashboardsEnabled: false });
      expect(values(render([]).files).grafana).toEqual({ enabled: true, defaultDashboardsEnabled: true });
      expect(stackOf(render([]).model).derived).toEqual([]);
    });

    it('the bundled Grafana asked for beside a standalone one is a STACK_CONFLICT; its settings would be unread', () => {
      const diagnostics = (stack: ReturnType<typeof kubePrometheusStack>) => problemsOf(() => render([loader], stack)).diagnostics.map((d) => `${d.code} ${d.path}`);
      expect(diagnostics(kubePrometheusStack({ grafana: { enabled: true } }))).toEqual(['STACK_CONFLICT grafana.enabled']);
      expect(diagnostics(kubePrometheusStack({ helmValues: { grafana: { forceDeployDashboards: false } } }))).toEqual([
        'STACK_CONFLICT helmValues.grafana.forceDeployDashboards',
      ]);
      expect(diagnostics(kubePrometheusStack({ grafana: { admin: { secret: { existingSecret: 'g' } } } }))).toEqual(['VALUE_INVALID grafana.admin']);
      // Saying what fluxgen derives anyway is no conflict.
      expect(() => render([loader], kubePrometheusStack({ grafana: { enabled: false } }))).not.toThrow();
    });

    it('a remote-write client turns the receiver on', () => {
      expect(values(render([writer]).files).prometheus.prometheusSpec.enableRemoteWriteReceiver).toBe(true);
      expect(values(render([]).files).prometheus.prometheusSpec.enableRemoteWriteReceiver).toBeUndefined();
      expect(render([writer]).files.get('kube-prometheus-stack/README.md')).toContain('Remote-write receiver on for publisher (derived)');
    });

    it('a service mesh: every Envoy scraped by one PodMonitor (istiod and ztunnel have their own); off on request', () => {
      const { files: withMesh } = render([mesh]);
      expect(parseYamlFile(withMesh.get('kube-prometheus-stack/app/podmonitor.yaml')!)).toEqual([
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PodMonitor',
          metadata: { name: 'istio-envoy', namespace: 'monitoring' },
          spec: {
            selector: {},
            namespaceSelector: { any: true },
            podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus' }],
          },
        },
      ]);
      expect(withMesh.get('kube-prometheus-stack/README.md')).toContain('because publisher runs a service mesh (derived)');
      expect(render([]).files.has('kube-prometheus-stack/app/podmonitor.yaml')).toBe(false);
      expect(render([mesh], kubePrometheusStack({ prometheus: { istioProxies: false } })).files.has('kube-prometheus-stack/app/podmonitor.yaml')).toBe(false);
    });
  });
});

