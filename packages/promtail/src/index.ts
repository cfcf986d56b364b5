/**
 * Promtail (deprecated): the log shipper Loki used to come with. It reached end of life on
 * 2 March 2026 and Loki 3.7 removed it; its successor is Grafana Alloy (`@fluxgen/alloy`). It stays
 * available for clusters that still run it, with minimal typed values, and every `fluxgen generate`
 * of such a cluster warns (COMPONENT_DEPRECATED) and names Alloy.
 */
import { defineComponent, Monitoring, monitored, scrapedBy, Type, Url, withDefault, type ComponentContext, type Resolved, type Static, type ValueProblem } from '@fluxgen/core';

/** Where Loki takes pushed streams, below its base URL. */
const PUSH_PATH = '/loki/api/v1/push';

/** Why it is deprecated: the COMPONENT_DEPRECATED warning and the README say it. */
export const PROMTAIL_DEPRECATION = 'Promtail reached end of life on 2 March 2026, and Loki 3.7 removed it';

/** The typed values of Promtail. */
export const PromtailValuesSchema = Type.Object({
  lokiUrl: Type.Optional(
    Url({
      schemes: ['http', 'https'],
      description:
        'Base URL of Loki (`http://loki.monitoring.svc.cluster.local:3100`); the push path `/loki/api/v1/push` is added unless the URL ends with it (`config.clients[0].url`). Default: the `loki` endpoint a component of the cluster publishes.',
    }),
  ),
  dockerLogs: withDefault(
    Type.Boolean({
      description:
        'Also mount `/var/lib/docker/containers` (`defaultVolumes`), for nodes whose runtime is Docker. Off: only `/var/log/pods`, all a containerd node (Talos, k3s, kubeadm) has.',
    }),
    false,
  ),
  monitoring: Monitoring({ derived: true, description: "ServiceMonitor for Promtail's metrics, port `http-metrics` (3101) (`serviceMonitor.enabled`)." }),
});
export type PromtailValues = Static<typeof PromtailValuesSchema>;
type Values = Resolved<typeof PromtailValuesSchema>;

function pushUrl(v: Values, ctx: ComponentContext): { url: string; from?: string } | undefined {
  const fact = ctx.facts.endpoint('loki');
  const base = v.lokiUrl ?? fact?.url;
  if (base === undefined) return undefined;
  const url = base.endsWith(PUSH_PATH) ? base : `${base.endsWith('/') ? base.slice(0, -1) : base}${PUSH_PATH}`;
  return v.lokiUrl || !fact ? { url } : { url, from: fact.from };
}

function problems(v: Values, ctx: ComponentContext): ValueProblem[] {
  if (pushUrl(v, ctx)) return [];
  return [
    {
      code: 'VALUE_MISSING',
      path: 'lokiUrl',
      message: 'is required: no component of the cluster publishes the `loki` endpoint, and the chart default (http://loki-gateway/…) only resolves beside a Loki gateway in the same namespace',
      hint: 'add the loki component to the cluster, or set lokiUrl to the base URL of your Loki (http://loki.monitoring.svc.cluster.local:3100); better, move to the alloy component',
    },
  ];
}

const volumes = (docker: boolean) => [
  { name: 'run', hostPath: { path: '/run/promtail' } },
  ...(docker ? [{ name: 'containers', hostPath: { path: '/var/lib/docker/containers' } }] : []),
  { name: 'pods', hostPath: { path: '/var/log/pods' } },
];
const mounts = (docker: boolean) => [
  { name: 'run', mountPath: '/run/promtail' },
  ...(docker ? [{ name: 'containers', mountPath: '/var/lib/docker/containers', readOnly: true }] : []),
  { name: 'pods', mountPath: '/var/log/pods', readOnly: true },
];

export const promtail = defineComponent({
  name: 'promtail',
  title: 'Promtail (deprecated)',
  summary: 'Ships the logs of the pods on each node to Loki. Deprecated: use Grafana Alloy',
  category: 'observability',
  namespace: 'monitoring',
  // Root, with host paths (/run/promtail for positions, /var/log/pods).
  podSecurity: 'privileged',
  chart: {
    name: 'promtail',
    // The last release (Chart.yaml `deprecated: true`): there will be no other.
    // renovate: datasource=helm depName=promtail registryUrl=https://grafana.github.io/helm-charts
    version: '6.17.1',
    repository: 'https://grafana.github.io/helm-charts',
    oci: 'oci://ghcr.io/grafana/helm-charts/promtail',
  },
  chartData: new URL('../chart/', import.meta.url),
  lifecycle: { deprecated: PROMTAIL_DEPRECATION, successor: 'alloy' },
  docs: [
    { title: 'Promtail (end-of-life notice)', url: 'https://grafana.com/docs/loki/latest/send-data/promtail/' },
    { title: 'Migrate from Promtail to Alloy', url: 'https://grafana.com/docs/alloy/latest/set-up/migrate/from-promtail/' },
  ],
  values: PromtailValuesSchema,
  check: (v, ctx) => problems(v, ctx),
  helmValues: (v, ctx) => ({
    fullnameOverride: ctx.name,
    config: {
      clients: [{ url: pushUrl(v, ctx)?.url, external_labels: { cluster: ctx.cluster } }],
    },
    // Lists are replaced whole: the two are restated together.
    defaultVolumes: volumes(v.dockerLogs),
    defaultVolumeMounts: mounts(v.dockerLogs),
    ...(monitored(v.monitoring, ctx.facts) ? { serviceMonitor: { enabled: true } } : {}),
  }),
  features: (v, ctx) => {
    const target = pushUrl(v, ctx);
    return [
      `**Deprecated**: ${PROMTAIL_DEPRECATION}. Move to the \`alloy\` component (\`@fluxgen/alloy\`); \`alloy convert --source-format=promtail\` turns a Promtail configuration into Alloy's`,
      ...(target ? [`Ships the logs under \`/var/log/pods\`${v.dockerLogs ? ' and `/var/lib/docker/containers`' : ''} to \`${target.url}\`${target.from ? ` (the \`loki\` endpoint of ${target.from})` : ''}, labelled \`cluster="${ctx.cluster}"\``] : []),
    ];
  },
  security: () => [
    'Runs as root with host paths (`/run/promtail`, `/var/log/pods`): the namespace must allow Pod Security `privileged`',
    'No security fixes any more: it reached end of life on 2 March 2026',
  ],
  readme: (v, ctx) => ({
    pods: [`app.kubernetes.io/instance=${ctx.name}`],
    health: [{ command: `kubectl -n ${ctx.namespace} get ds ${ctx.name}`, expect: 'DESIRED = READY (one pod a node)' }],
    symptoms: [
      { symptom: '`error sending batch` … `no such host`', check: `the client URL in \`kubectl -n ${ctx.namespace} get secret ${ctx.name} -o jsonpath='{.data.promtail\\.yaml}' | base64 -d\`` },
      { symptom: 'Loki 3.7.3 or newer: no Promtail release to go with it', check: 'move to the alloy component' },
    ],
    topics: [{ topic: 'maintenance', facts: [`Promtail is deprecated (${PROMTAIL_DEPRECATION}): replace it with the alloy component`] }],
    diagrams: monitored(v.monitoring, ctx.facts) ? [scrapedBy(ctx.name, 'Promtail', ctx.namespace)] : [],
  }),
  troubleshooting: (_v, ctx) => [
    {
      title: 'Pods and errors',
      commands: [
        `kubectl -n ${ctx.namespace} get pods -l app.kubernetes.io/instance=${ctx.name} -o wide`,
        `kubectl -n ${ctx.namespace} logs ds/${ctx.name} --tail=200 | grep -e level=error -e level=warn`,
      ],
    },
  ],
});
