/**
 * kube-prometheus-stack: the Prometheus Operator with Prometheus, Alertmanager, Grafana,
 * kube-state-metrics, node-exporter and the kube-prometheus rules and dashboards.
 *
 * Its CRDs are not installed by this chart (`crds.enabled: false`) but by the separate
 * `prometheus-operator-crds` component, so that anything emitting ServiceMonitors can be applied
 * before the stack without a dependency cycle.
 */
import {
  storageClassNode,
  ByteSize,
  defineComponent,
  PrometheusDuration,
  Route,
  routeParentRefs,
  DIAGRAM,
  telemetryPiece,
  gatewayNode,
  secretSource,
  secretName,
  Storage,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ComponentContext,
  type Derivation,
  type Fact,
  type FactContext,
  type KubeObject,
  type ValueProblem,
  type RouteValue,
  type StorageValue,
  type ComponentReadme,
  type HelmValues,
  type Resolved,
  type SecretUse,
  type Static,
  type TroubleshootingStep,
} from '@fluxgen/core';

export {
  prometheusOperatorCrds,
  PrometheusOperatorCrdsValuesSchema,
  type PrometheusOperatorCrdsValues,
} from './prometheus-operator-crds.js';

/** A volume for one part of the stack (the chart key it maps to is named in the description). */
const PartStorage = (what: string, chartKey: string) =>
  Storage({ description: `Persistent volume for ${what} (\`${chartKey}\`). Without it, ${what} keeps its data in an emptyDir.` });

/** Publishing one UI of the stack through a Gateway. */
const PartRoute = (what: string, chartKey: string) => Route({ description: `Gateway API HTTPRoute to ${what} (\`${chartKey}\`).` });

const Receiver = Type.Object(
  {
    type: StringEnum(['discord', 'slack', 'webhook'], {
      description: 'Discord webhook (`discord_configs`), Slack incoming webhook (`slack_configs`) or generic webhook (`webhook_configs`).',
    }),
    url: secretSource({
      description: 'Secret holding the webhook URL. It is mounted into Alertmanager and read from a file, never written into the configuration.',
    }),
    key: withDefault(Type.String({ minLength: 1, description: 'Key of that Secret holding the URL.' }), 'url'),
  },
  { description: 'One receiver every alert goes to (except `Watchdog` and `InfoInhibitor`, which the chart routes to `null`).' },
);
type ReceiverValues = Resolved<typeof Receiver>;

/** The typed values of the kube-prometheus-stack component. */
export const KubePrometheusStackValuesSchema = Type.Object({
  prometheus: withDefault(
    Type.Object({
      retention: withDefault(
        PrometheusDuration({ description: 'How long samples are kept (`prometheus.prometheusSpec.retention`), e.g. `15d`.' }),
        '10d',
      ),
      retentionSize: Type.Optional(
        ByteSize({
          description:
            'Most disk the samples may use before the oldest are dropped (`prometheus.prometheusSpec.retentionSize`), e.g. `45GB`. Keep it below the volume size.',
        }),
      ),
      storage: Type.Optional(PartStorage('Prometheus', 'prometheus.prometheusSpec.storageSpec.volumeClaimTemplate')),
      selectAllMonitors: withDefault(
        Type.Boolean({
          description:
            'Pick up ServiceMonitors, PodMonitors, Probes, ScrapeConfigs and PrometheusRules of every release in every namespace, not only the ones labelled `release: <this release>` (sets the five `prometheus.prometheusSpec.*SelectorNilUsesHelmValues` to false). Needed for the monitors other components emit.',
        }),
        true,
      ),
      scrapeInterval: Type.Optional(
        PrometheusDuration({ description: 'Default scrape interval (`prometheus.prometheusSpec.scrapeInterval`). Default: the operator\'s `30s`.' }),
      ),
      externalUrl: Type.Optional(
        Url({
          schemes: ['https', 'http'],
          description: 'URL people reach Prometheus at, used in alert links (`prometheus.prometheusSpec.externalUrl`).',
        }),
      ),
      route: Type.Optional(PartRoute('Prometheus', 'prometheus.route.main')),
      istioProxies: Type.Optional(
        Type.Boolean({
          description:
            "Scrape every Istio Envoy (sidecars, waypoints, Istio gateways) in every namespace on its `http-envoy-prom` port (15090, `/stats/prometheus`) with a PodMonitor `istio-envoy`. Default: on when a service mesh is in the cluster. istiod and ztunnel are scraped by their own monitors (the istio package's `serviceMonitor` and `podMonitor`).",
        }),
      ),
    }),
    {},
  ),
  alertmanager: withDefault(
    Type.Object({
      enabled: withDefault(Type.Boolean({ description: 'Deploy Alertmanager (`alertmanager.enabled`).' }), true),
      storage: Type.Optional(PartStorage('Alertmanager', 'alertmanager.alertmanagerSpec.storage.volumeClaimTemplate')),
      config: Type.Optional(
        Type.Object(
          {
            secret: Type.Optional(
              secretSource({
                description:
                  'Secret whose `alertmanager.yaml` key is the whole Alertmanager configuration (`alertmanager.alertmanagerSpec.configSecret`; the chart\'s `alertmanager.config` is then not used).',
              }),
            ),
            receiver: Type.Optional(Receiver),
          },
          {
            minProperties: 1,
            maxProperties: 1,
            description:
              'Where notifications go: exactly one of `secret` (a complete configuration) or `receiver` (one typed receiver). Without it, the chart\'s configuration sends every alert to the `null` receiver.',
          },
        ),
      ),
      externalUrl: Type.Optional(
        Url({
          schemes: ['https', 'http'],
          description: 'URL people reach Alertmanager at, used in notification links (`alertmanager.alertmanagerSpec.externalUrl`).',
        }),
      ),
      route: Type.Optional(PartRoute('Alertmanager', 'alertmanager.route.main')),
    }),
    {},
  ),
  grafana: withDefault(
    Type.Object({
      enabled: withDefault(Type.Boolean({ description: 'Deploy Grafana from the bundled subchart (`grafana.enabled`).' }), true),
      admin: Type.Optional(
        Type.Object(
          {
            secret: secretSource({
              description: 'Secret with the admin user name and password (`grafana.admin.existingSecret`).',
            }),
            userKey: withDefault(Type.String({ minLength: 1, description: 'Key of the user name (`grafana.admin.userKey`).' }), 'admin-user'),
            passwordKey: withDefault(
              Type.String({ minLength: 1, description: 'Key of the password (`grafana.admin.passwordKey`).' }),
              'admin-password',
            ),
          },
          {
            description:
              'Admin credentials from a Secret. Without it, the chart generates a random password into the Secret `<release>-grafana`.',
          },
        ),
      ),
      dashboards: withDefault(
        Type.Boolean({
          description:
            'Ship the kube-prometheus dashboards as ConfigMaps for Grafana\'s sidecar (`grafana.defaultDashboardsEnabled`). With Grafana off, they and the Prometheus datasource are still shipped for a Grafana deployed elsewhere (`grafana.forceDeployDashboards`, `grafana.forceDeployDatasources`).',
        }),
        true,
      ),
      storage: Type.Optional(PartStorage('Grafana', 'grafana.persistence')),
      route: Type.Optional(PartRoute('Grafana', 'grafana.route.main')),
    }),
    {},
  ),
  controlPlane: withDefault(
    Type.Object(
      {
        etcd: withDefault(Type.Boolean({ description: 'Scrape etcd (`kubeEtcd.enabled`).' }), true),
        controllerManager: withDefault(
          Type.Boolean({ description: 'Scrape kube-controller-manager (`kubeControllerManager.enabled`).' }),
          true,
        ),
        scheduler: withDefault(Type.Boolean({ description: 'Scrape kube-scheduler (`kubeScheduler.enabled`).' }), true),
        kubeProxy: withDefault(
          Type.Boolean({ description: 'Scrape kube-proxy (`kubeProxy.enabled`). Turn it off when Cilium replaces kube-proxy.' }),
          true,
        ),
      },
      { description: 'Which control-plane components are scraped, with their dashboards and alerts.' },
    ),
    {},
  ),
  cleanPrometheusOperatorObjectNames: withDefault(
    Type.Boolean({
      description:
        'Shorter names for the Prometheus and Alertmanager objects (`cleanPrometheusOperatorObjectNames`). Set it only on a new install: it renames the volumes, so existing data is not carried over.',
    }),
    false,
  ),
});
export type KubePrometheusStackValues = Static<typeof KubePrometheusStackValuesSchema>;
type Values = Resolved<typeof KubePrometheusStackValuesSchema>;

/** How each receiver type reads its URL from a file (Alertmanager configuration reference). */
const RECEIVER_FIELDS = {
  discord: { list: 'discord_configs', urlFile: 'webhook_url_file' },
  slack: { list: 'slack_configs', urlFile: 'api_url_file' },
  webhook: { list: 'webhook_configs', urlFile: 'url_file' },
} as const;

export const kubePrometheusStack = defineComponent({
  name: 'kube-prometheus-stack',
  title: 'Kube Prometheus Stack',
  summary: 'Prometheus, Alertmanager and Grafana run by the Prometheus Operator, with the kube-prometheus exporters, rules and dashboards',
  category: 'observability',
  namespace: 'monitoring',
  // node-exporter runs with hostNetwork, hostPID and the host's root file system.
  podSecurity: 'privileged',
  chart: {
    name: 'kube-prometheus-stack',
    // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
    version: '88.5.3',
    repository: 'https://prometheus-community.github.io/helm-charts',
    oci: 'oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack',
  },
  // Operator, Grafana, kube-state-metrics and node-exporter; the Prometheus and Alertmanager pods
  // carry the name of their custom resource instead (see troubleshooting).
  docs: [
    { title: 'Chart README', url: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack' },
    { title: 'Prometheus Operator', url: 'https://prometheus-operator.dev/' },
    { title: 'Prometheus storage', url: 'https://prometheus.io/docs/prometheus/latest/storage/' },
    { title: 'Alertmanager configuration', url: 'https://prometheus.io/docs/alerting/latest/configuration/' },
    { title: 'Grafana chart', url: 'https://github.com/grafana-community/helm-charts/tree/main/charts/grafana' },
  ],
  values: KubePrometheusStackValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  facts: (v, ctx) => facts(v, ctx),
  derive: (v, ctx) => derivations(v, ctx),
  objects: (v, ctx) => (scrapesIstio(v, ctx) ? [envoyPodMonitor(ctx)] : []),
  check: (v, ctx) => problems(v, ctx),
  helmValues: (v, ctx) => ({
    // The CRDs come from the prometheus-operator-crds component.
    crds: { enabled: false },
    cleanPrometheusOperatorObjectNames: v.cleanPrometheusOperatorObjectNames,
    prometheus: prometheusValues(v.prometheus),
    alertmanager: alertmanagerValues(v.alertmanager, ctx),
    grafana: grafanaValues(v.grafana, ctx),
    kubeEtcd: { enabled: v.controlPlane.etcd },
    kubeControllerManager: { enabled: v.controlPlane.controllerManager },
    kubeScheduler: { enabled: v.controlPlane.scheduler },
    kubeProxy: { enabled: v.controlPlane.kubeProxy },
  }),
  secrets: (v, ctx) => secretUses(v, ctx),
  secretRefs: ['grafana.admin.existingSecret', 'alertmanager.alertmanagerSpec.configSecret', 'alertmanager.alertmanagerSpec.secrets.*'],
  // The operator and the stack's own monitors and rules are objects of these CRDs.
  needs: () => ({ crd: ['monitoring.coreos.com'] }),
  security: (v, ctx) => [
    'node-exporter uses the host network and PID namespace and reads the host filesystem: its namespace is privileged',
    ...(grafanaOn(v, ctx)
      ? [v.grafana.admin ? 'Grafana\'s admin login comes from a Secret (see Secrets)' : 'Grafana\'s admin password is generated by the chart into a Secret of the release']
      : []),
    ...(v.prometheus.route || v.alertmanager.route
      ? ['Prometheus and Alertmanager have no login of their own: their routes must stay on an internal Gateway, or be put behind authentication']
      : []),
  ],
  features: (v, ctx) => features(v, ctx),
  troubleshooting: (v, ctx) => troubleshooting(v, ctx),
  readme: (v, ctx) => readme(v, ctx),
});

/** What the stack contributes to the READMEs: its health, symptoms, topic facts and diagrams. */
function readme(v: Values, ctx: ComponentContext): ComponentReadme {
  const ns = ctx.namespace;
  const parts: { id: string; title: string; storage?: StorageValue; route?: RouteValue }[] = [
    { id: 'prometheus', title: 'Prometheus', storage: v.prometheus.storage, route: v.prometheus.route },
    ...(v.alertmanager.enabled ? [{ id: 'alertmanager', title: 'Alertmanager', storage: v.alertmanager.storage, route: v.alertmanager.route }] : []),
    ...(grafanaOn(v, ctx) ? [{ id: 'grafana', title: 'Grafana', storage: v.grafana.storage, route: v.grafana.route }] : []),
  ];
  const withStorage = parts.filter((p) => p.storage?.storageClass);
  const withRoute = parts.filter((p) => p.route);
  return {
    // The chart's pods carry the release label; Prometheus and Alertmanager are made by the operator.
    pods: [`app.kubernetes.io/instance=${ctx.name}`, 'app.kubernetes.io/managed-by=prometheus-operator'],
    health: [
      { command: `kubectl -n ${ns} get prometheus${v.alertmanager.enabled ? ',alertmanager' : ''}`, expect: 'AVAILABLE True, RECONCILED True' },
    ],
    symptoms: [
      { symptom: 'A target or its metrics are missing in Prometheus', check: 'the Prometheus targets page, then the ServiceMonitor and its labels' },
      ...(v.alertmanager.enabled ? [{ symptom: 'Alerts fire but nobody is notified', check: 'the Alertmanager configuration in effect and its receiver' }] : []),
      ...(grafanaOn(v, ctx) ? [{ symptom: 'Grafana dashboards show no data', check: 'the Prometheus pods, then the Grafana datasource' }] : []),
    ],
    topics: [
      {
        topic: 'monitoring',
        facts: [
          `Prometheus keeps ${v.prometheus.retention}${v.prometheus.retentionSize ? ` or ${v.prometheus.retentionSize}` : ''} of samples; ${v.prometheus.selectAllMonitors ? 'every ServiceMonitor, PodMonitor and rule in the cluster is picked up' : 'only monitors and rules labelled `release: ' + ctx.name + '` are picked up'}`,
          ...(v.alertmanager.enabled ? [`Alertmanager ${v.alertmanager.config ? 'notifies its configured receiver' : 'notifies nobody yet (the `null` receiver)'}`] : []),
        ],
      },
      ...(ctx.facts.all('remote-write-client').length > 0
        ? [
            {
              topic: 'monitoring' as const,
              section: 'Metrics' as const,
              facts: [`Prometheus receives remote writes (\`/api/v1/write\`) from ${ctx.facts.all('remote-write-client').map((c) => c.from).join(', ')}`],
            },
          ]
        : []),
      ...(ctx.facts.one('dashboard-loader') && v.grafana.dashboards
        ? [
            {
              topic: 'monitoring' as const,
              section: 'Dashboards' as const,
              facts: [`The kube-prometheus dashboards are ConfigMaps in \`${ns}\`, loaded by ${ctx.facts.one('dashboard-loader')!.from}`],
            },
          ]
        : []),
      ...(scrapesIstio(v, ctx)
        ? [
            {
              topic: 'service-mesh' as const,
              section: 'Observability' as const,
              facts: ['Prometheus scrapes every Envoy (sidecars, waypoints, gateways) on `http-envoy-prom` (PodMonitor `istio-envoy`)'],
            },
          ]
        : []),
      ...(withStorage.length > 0
        ? [{ topic: 'storage' as const, facts: [`Volumes: ${withStorage.map((p) => `${p.title} ${p.storage!.size} (\`${p.storage!.storageClass}\`)`).join(', ')}`] }]
        : []),
      ...(withRoute.length > 0
        ? [{ topic: 'networking' as const, facts: [`Published: ${withRoute.map((p) => `${p.title} at ${p.route!.hostnames.map((h) => `\`${h}\``).join(', ')} (Gateway \`${p.route!.gateway.name}\`)`).join(', ')}`] }]
        : []),
    ],
    diagrams: [
      {
        id: DIAGRAM.monitoring,
        title: 'What Prometheus scrapes, and where alerts and dashboards go',
        topic: 'monitoring',
        groups: [{ id: ns, label: ns }],
        nodes: parts.map((p) => ({ id: p.id, label: p.title, group: ns })),
        edges: [
          ...(v.alertmanager.enabled ? [{ from: 'prometheus', to: 'alertmanager', kind: 'alerts' }] : []),
          ...(grafanaOn(v, ctx) ? [{ from: 'prometheus', to: 'grafana', kind: 'queries' }] : []),
        ],
        legend: { scrape: 'metrics scraped by Prometheus (ServiceMonitor)', alerts: 'alerts sent', queries: 'queried by dashboards' },
      },
      telemetryPiece([{ id: 'prometheus', label: `Prometheus\nmetrics, ${v.prometheus.retention}`, stage: 'store' }]),
      ...(withStorage.length > 0
        ? [
            {
              id: DIAGRAM.storage,
              title: 'Where volumes live',
              topic: 'storage' as const,
              nodes: withStorage.map((p) => ({ id: `volume:${ns}/${p.id}`, label: `${p.title} volume\n${p.storage!.size}` })),
              edges: withStorage.map((p) => ({ from: `volume:${ns}/${p.id}`, to: storageClassNode(p.storage!.storageClass!), kind: 'claim' })),
              legend: { data: 'where the data is stored', backup: 'where backups are copied', claim: 'a volume claimed from a StorageClass' },
            },
          ]
        : []),
      ...(withRoute.length > 0
        ? [
            {
              id: DIAGRAM.ingress,
              title: 'Traffic from the LAN to the cluster',
              topic: 'networking' as const,
              groups: [{ id: ns, label: ns }],
              nodes: withRoute.map((p) => ({ id: `host:${p.route!.hostnames[0]}`, label: `${p.title}\n${p.route!.hostnames.join(', ')}`, group: ns })),
              edges: withRoute.map((p) => ({ from: gatewayNode(p.route!.gateway.namespace ?? ns, p.route!.gateway.name), to: `host:${p.route!.hostnames[0]}` })),
              legend: { traffic: 'traffic, from the client to the Service' },
            },
          ]
        : []),
    ],
  };
}

function prometheusValues(p: Values['prometheus']): HelmValues {
  const nilUsesHelmValues = !p.selectAllMonitors;
  return {
    prometheusSpec: {
      retention: p.retention,
      ...(p.retentionSize ? { retentionSize: p.retentionSize } : {}),
      ...(p.scrapeInterval ? { scrapeInterval: p.scrapeInterval } : {}),
      ...(p.externalUrl ? { externalUrl: p.externalUrl } : {}),
      ...(p.storage ? { storageSpec: volumeClaimTemplate(p.storage) } : {}),
      podMonitorSelectorNilUsesHelmValues: nilUsesHelmValues,
      probeSelectorNilUsesHelmValues: nilUsesHelmValues,
      ruleSelectorNilUsesHelmValues: nilUsesHelmValues,
      scrapeConfigSelectorNilUsesHelmValues: nilUsesHelmValues,
      serviceMonitorSelectorNilUsesHelmValues: nilUsesHelmValues,
    },
    ...(p.route ? { route: { main: routeValues(p.route) } } : {}),
  };
}

function alertmanagerValues(a: Values['alertmanager'], ctx: ComponentContext): HelmValues {
  if (!a.enabled) return { enabled: false };
  const { secret, receiver } = a.config ?? {};
  const spec: Record<string, unknown> = {
    ...(a.externalUrl ? { externalUrl: a.externalUrl } : {}),
    ...(a.storage ? { storage: volumeClaimTemplate(a.storage) } : {}),
    // The chart then creates no config Secret of its own, and the operator reads this one.
    ...(secret ? { useExistingSecret: true, configSecret: secretName(secret, configSecretName(ctx)) } : {}),
    // Mounted at /etc/alertmanager/secrets/<name>/, where the receiver reads its URL.
    ...(receiver ? { secrets: [secretName(receiver.url, receiverSecretName(receiver, ctx))] } : {}),
  };
  return {
    enabled: true,
    ...(Object.keys(spec).length > 0 ? { alertmanagerSpec: spec } : {}),
    // Only the default receiver and the receiver list change: Helm merges the rest (inhibit rules,
    // the Watchdog route to `null`) from the chart's own `alertmanager.config`.
    ...(receiver ? { config: { route: { receiver: receiver.type }, receivers: [{ name: 'null' }, receiverConfig(receiver, ctx)] } } : {}),
    ...(a.route ? { route: { main: routeValues(a.route) } } : {}),
  };
}

function receiverConfig(r: ReceiverValues, ctx: ComponentContext): HelmValues {
  const { list, urlFile } = RECEIVER_FIELDS[r.type];
  const file = `/etc/alertmanager/secrets/${secretName(r.url, receiverSecretName(r, ctx))}/${r.key}`;
  return { name: r.type, [list]: [{ [urlFile]: file, send_resolved: true }] };
}

function grafanaValues(g: Values['grafana'], ctx: ComponentContext): HelmValues {
  const loader = ctx.facts.one('dashboard-loader');
  if (loader) {
    // Another component is the cluster's Grafana (see `derive`): it provisions its own datasources,
    // and its sidecar loads the dashboards this chart still ships.
    return { defaultDashboardsEnabled: g.dashboards };
  }
  if (!g.enabled) {
    return {
      enabled: false,
      defaultDashboardsEnabled: g.dashboards,
      ...(g.dashboards ? { forceDeployDashboards: true, forceDeployDatasources: true } : {}),
    };
  }
  return {
    enabled: true,
    defaultDashboardsEnabled: g.dashboards,
    ...(g.admin
      ? {
          admin: {
            existingSecret: secretName(g.admin.secret, grafanaAdminSecretName(ctx)),
            userKey: g.admin.userKey,
            passwordKey: g.admin.passwordKey,
          },
        }
      : {}),
    ...(g.storage
      ? {
          persistence: {
            enabled: true,
            size: g.storage.size,
            ...(g.storage.storageClass ? { storageClassName: g.storage.storageClass } : {}),
          },
          // A ReadWriteOnce volume cannot be mounted by the old and the new pod of a rolling update
          // on two nodes at once.
          deploymentStrategy: { type: 'Recreate' },
        }
      : {}),
    ...(g.route ? { route: { main: routeValues(g.route) } } : {}),
  };
}

function volumeClaimTemplate(s: StorageValue): HelmValues {
  return {
    volumeClaimTemplate: {
      spec: {
        ...(s.storageClass ? { storageClassName: s.storageClass } : {}),
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: s.size } },
      },
    },
  };
}

function routeValues(r: RouteValue): HelmValues {
  return { enabled: true, hostnames: [...r.hostnames], parentRefs: routeParentRefs(r) };
}

/** The chart's `kube-prometheus-stack.fullname` for a release named `release` (templates/_helpers.tpl). */
function fullname(release: string): string {
  const name = release.includes('kube-prometheus-stack') ? release : `${release}-kube-prometheus-stack`;
  // Helm: `trunc 26 | trimSuffix "-"`.
  let short = name.slice(0, 26);
  while (short.endsWith('-')) short = short.slice(0, -1);
  return short;
}

const grafanaAdminSecretName = (ctx: ComponentContext) => `${ctx.name}-grafana-admin`;
const configSecretName = (ctx: ComponentContext) => `${ctx.name}-alertmanager-config`;
const receiverSecretName = (r: ReceiverValues, ctx: ComponentContext) => `${ctx.name}-alertmanager-${r.type}`;

function secretUses(v: Values, ctx: ComponentContext): SecretUse[] {
  const uses: SecretUse[] = [];
  if (grafanaOn(v, ctx) && v.grafana.admin) {
    uses.push({
      source: v.grafana.admin.secret,
      defaultName: grafanaAdminSecretName(ctx),
      keys: [v.grafana.admin.userKey, v.grafana.admin.passwordKey],
      purpose: 'Grafana admin user name and password',
    });
  }
  const config = v.alertmanager.enabled ? v.alertmanager.config : undefined;
  if (config?.secret) {
    uses.push({ source: config.secret, defaultName: configSecretName(ctx), keys: ['alertmanager.yaml'], purpose: 'Alertmanager configuration' });
  }
  if (config?.receiver) {
    uses.push({
      source: config.receiver.url,
      defaultName: receiverSecretName(config.receiver, ctx),
      keys: [config.receiver.key],
      purpose: `${config.receiver.type} webhook URL Alertmanager notifies`,
    });
  }
  return uses;
}

function features(v: Values, ctx: ComponentContext): string[] {
  const p = v.prometheus;
  const a = v.alertmanager;
  const g = v.grafana;
  const cp = v.controlPlane;
  const off = [
    ...(cp.etcd ? [] : ['etcd']),
    ...(cp.controllerManager ? [] : ['kube-controller-manager']),
    ...(cp.scheduler ? [] : ['kube-scheduler']),
    ...(cp.kubeProxy ? [] : ['kube-proxy']),
  ];
  return [
    'CRDs from the `prometheus-operator-crds` component (`crds.enabled: false`)',
    `Prometheus keeps ${p.retention}${p.retentionSize ? ` or at most ${p.retentionSize}` : ''} of samples on ${storageText(p.storage)}`,
    p.selectAllMonitors
      ? 'Monitors and rules picked up from every release in every namespace'
      : 'Only monitors and rules labelled `release: <this release>` are picked up',
    ...(a.enabled
      ? [
          `Alertmanager on ${storageText(a.storage)}, notifying ${
            a.config?.secret
              ? 'as its configuration Secret says'
              : a.config?.receiver
                ? `a ${a.config.receiver.type} receiver`
                : 'nobody (every alert goes to the `null` receiver)'
          }`,
        ]
      : ['No Alertmanager']),
    grafanaOn(v, ctx)
      ? `Grafana on ${storageText(g.storage)}, admin credentials ${g.admin ? 'from a Secret' : 'generated by the chart'}${g.dashboards ? ', with the kube-prometheus dashboards' : ''}`
      : ctx.facts.one('dashboard-loader')
        ? `No Grafana of its own: ${ctx.facts.one('dashboard-loader')!.from} is the cluster's Grafana (derived)${g.dashboards ? ', and loads the kube-prometheus dashboards this chart ships as ConfigMaps' : ''}`
        : `No Grafana${g.dashboards ? '; dashboards and datasource shipped as ConfigMaps for a Grafana deployed elsewhere' : ''}`,
    ...(ctx.facts.all('remote-write-client').length > 0
      ? [`Remote-write receiver on for ${ctx.facts.all('remote-write-client').map((c) => c.from).join(', ')} (derived)`]
      : []),
    ...(scrapesIstio(v, ctx)
      ? [`Scrapes every Istio Envoy (sidecars, waypoints, gateways) with the PodMonitor \`istio-envoy\`${v.prometheus.istioProxies === undefined ? `, because ${ctx.facts.one('mesh')!.from} runs a service mesh (derived)` : ''}`]
      : []),
    off.length > 0 ? `Control-plane scrapes off: ${off.join(', ')}` : 'Scrapes etcd, kube-controller-manager, kube-scheduler and kube-proxy',
    ...(v.cleanPrometheusOperatorObjectNames ? ['Short object names (`cleanPrometheusOperatorObjectNames`)'] : []),
  ];
}

const storageText = (s: StorageValue | undefined) =>
  s ? `a ${s.size} volume${s.storageClass ? ` (StorageClass \`${s.storageClass}\`)` : ''}` : 'an emptyDir (lost when the pod moves)';

function troubleshooting(v: Values, ctx: ComponentContext): TroubleshootingStep[] {
  const ns = ctx.namespace;
  const steps: TroubleshootingStep[] = [
    {
      title: 'Prometheus Operator',
      commands: [
        `kubectl -n ${ns} get prometheus,alertmanager`,
        `kubectl -n ${ns} logs deploy/${fullname(ctx.name)}-operator --tail=100`,
      ],
    },
    {
      title: 'Monitors and rules',
      commands: ['kubectl get servicemonitors,podmonitors,prometheusrules -A'],
    },
    {
      title: 'Scrape targets (then open http://localhost:9090/targets)',
      keepOpen: `kubectl -n ${ns} port-forward svc/prometheus-operated 9090`,
      commands: [],
    },
  ];
  if (v.controlPlane.etcd || v.controlPlane.controllerManager || v.controlPlane.scheduler) {
    steps.push({
      title:
        'Control-plane targets down: etcd, kube-controller-manager and kube-scheduler often serve metrics on localhost only (Talos, kubeadm); expose them or turn the scrape off in `controlPlane`',
      commands: [`kubectl -n kube-system get svc,endpointslices -l release=${ctx.name}`],
    });
  }
  if (v.alertmanager.enabled) {
    steps.push({
      title: 'Alertmanager configuration in effect (then open http://localhost:9093/#/status)',
      keepOpen: `kubectl -n ${ns} port-forward svc/alertmanager-operated 9093`,
      commands: [],
    });
  }
  if (grafanaOn(v, ctx) && !v.grafana.admin) {
    steps.push({
      title: 'Grafana admin password generated by the chart',
      commands: [`kubectl -n ${ns} get secret ${ctx.name.includes('grafana') ? ctx.name : `${ctx.name}-grafana`} -o jsonpath='{.data.admin-password}' | base64 -d`],
    });
  }
  if (v.prometheus.route || (v.alertmanager.enabled && v.alertmanager.route) || (grafanaOn(v, ctx) && v.grafana.route)) {
    steps.push({
      title: 'HTTPRoutes (a Gateway in another namespace must allow routes from this one)',
      commands: [`kubectl -n ${ns} describe httproutes`],
    });
  }
  return steps;
}

/** Whether the chart's own Grafana runs: on, and no other component is the cluster's Grafana. */
function grafanaOn(v: Values, ctx: ComponentContext): boolean {
  return v.grafana.enabled && ctx.facts.one('dashboard-loader') === undefined;
}

/** Whether the Envoys of a service mesh are scraped: as set, or (unset) when the cluster has a mesh. */
function scrapesIstio(v: Values, ctx: ComponentContext): boolean {
  return v.prometheus.istioProxies ?? ctx.facts.one('mesh') !== undefined;
}

/**
 * What the stack tells the other components: where Prometheus and Alertmanager answer (the
 * operator's governing Services, whatever the object names), and that its Prometheus collects the
 * monitors of every namespace (so that `Monitoring({ derived: true })` values turn on).
 */
function facts(v: Values, ctx: FactContext): Fact[] {
  const ns = ctx.namespace;
  return [
    { kind: 'endpoint', name: 'prometheus', url: `http://prometheus-operated.${ns}.svc.cluster.local:9090`, path: 'prometheus' },
    ...(v.alertmanager.enabled
      ? [{ kind: 'endpoint', name: 'alertmanager', url: `http://alertmanager-operated.${ns}.svc.cluster.local:9093`, path: 'alertmanager.enabled' } satisfies Fact]
      : []),
    ...(v.prometheus.selectAllMonitors ? [{ kind: 'metrics-collector', namespace: ns, path: 'prometheus.selectAllMonitors' } satisfies Fact] : []),
  ];
}

/**
 * Stack rules: a standalone Grafana (a `dashboard-loader`) replaces the bundled one but still gets
 * the kube-prometheus dashboards; remote-write clients (Tempo's metrics generator) need the
 * receiver.
 */
function derivations(v: Values, ctx: ComponentContext): Derivation[] {
  const loader = ctx.facts.one('dashboard-loader');
  const writer = ctx.facts.all('remote-write-client')[0];
  return [
    ...(loader
      ? [
          {
            helmPath: 'grafana.enabled',
            value: false,
            valuePath: 'grafana.enabled',
            because: loader,
            reason: 'it is the cluster\'s Grafana: a second one from this chart would run beside it unused',
          },
          ...(v.grafana.dashboards
            ? [
                {
                  helmPath: 'grafana.forceDeployDashboards',
                  value: true,
                  because: loader,
                  reason: 'without the bundled Grafana the chart renders no dashboard ConfigMaps unless forced; that Grafana loads them',
                },
              ]
            : []),
          // The chart labels its dashboards `grafana_dashboard: "1"`; follow a loader that selects otherwise.
          ...(loader.label !== 'grafana_dashboard'
            ? [{ helmPath: 'grafana.sidecar.dashboards.label', value: loader.label, because: loader, reason: 'its sidecar loads ConfigMaps with this label' }]
            : []),
          ...(loader.value !== '' && loader.value !== '1'
            ? [{ helmPath: 'grafana.sidecar.dashboards.labelValue', value: loader.value, because: loader, reason: 'its sidecar loads ConfigMaps with this label value' }]
            : []),
        ]
      : []),
    ...(writer
      ? [
          {
            helmPath: 'prometheus.prometheusSpec.enableRemoteWriteReceiver',
            value: true,
            because: writer,
            reason: 'it pushes samples into Prometheus through remote write (`/api/v1/write`)',
          },
        ]
      : []),
  ];
}

/**
 * Every Envoy of the mesh (sidecars, waypoints and Istio gateways, in any namespace), on the
 * container port Istio names `http-envoy-prom`: pods without that port yield no target.
 */
function envoyPodMonitor(ctx: ComponentContext): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'istio-envoy', namespace: ctx.namespace },
    spec: {
      selector: {},
      namespaceSelector: { any: true },
      podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus' }],
    },
  };
}

/** Settings of the bundled Grafana while another component is the cluster's Grafana: nothing would read them. */
function problems(v: Values, ctx: ComponentContext): ValueProblem[] {
  const loader = ctx.facts.one('dashboard-loader');
  if (!loader) return [];
  return (['admin', 'storage', 'route'] as const).flatMap((key) =>
    v.grafana[key] === undefined
      ? []
      : [
          {
            path: `grafana.${key}`,
            message: `has no effect: ${loader.from} is the cluster's Grafana, so this chart's Grafana is off`,
            hint: `remove grafana.${key} here and set it on ${loader.from}`,
          },
        ],
  );
}
