/**
 * Grafana Alloy: the log (and trace) collector that succeeds Promtail. A DaemonSet ships the logs of
 * each node's pods (read through the Kubernetes API, so it needs no host paths), the cluster's
 * events and the node's own logs to Loki, and may forward applications' OTLP traces. Its
 * configuration is generated from the typed values (config.ts), and Loki's and the trace store's
 * addresses come from the components that publish them.
 */
import {
  defineComponent,
  Host,
  IpAddress,
  Monitoring,
  monitored,
  Port,
  scrapedBy,
  telemetryPiece,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ComponentContext,
  type PublishedFact,
  type Resolved,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';
import { alloyConfig, listenPorts, shipsLogs, type AlloyConfig } from './config.js';

export { alloyConfig, type AlloyConfig, type NodeLogs } from './config.js';

/** The alloy user of the image (uid and gid 473, Grafana's "Alloy on Kubernetes" permissions doc). */
const ALLOY_UID = 473;
/** Where Loki takes pushed streams, below its base URL. */
const PUSH_PATH = '/loki/api/v1/push';
/** Alloy's storage (positions, WAL): `alloy.storagePath`, writable on a read-only root file system. */
const STORAGE_PATH = '/tmp/alloy';
/** The host folders the journal is read from, and the machine id it is filed under. */
const JOURNAL_PATHS = [
  { name: 'journal-var', path: '/var/log/journal' },
  { name: 'journal-run', path: '/run/log/journal' },
  { name: 'machine-id', path: '/etc/machine-id' },
] as const;

/** The typed values of Alloy. */
export const AlloyValuesSchema = Type.Object({
  lokiUrl: Type.Optional(
    Url({
      schemes: ['http', 'https'],
      description:
        'Base URL of Loki (`http://loki.monitoring.svc.cluster.local:3100`); the push path `/loki/api/v1/push` is added unless the URL ends with it. Default: the `loki` endpoint a component of the cluster publishes.',
    }),
  ),
  platform: withDefault(
    StringEnum(['generic', 'talos'], {
      description:
        'Where the node logs come from: `generic` reads the systemd journal from the host (`/var/log/journal`, `/run/log/journal`); `talos` has no journal and receives the logs Talos pushes (`machine.logging.destinations`).',
    }),
    'generic',
  ),
  podLogs: withDefault(
    Type.Boolean({ description: "Ship the logs of each node's pods, read through the Kubernetes API (`loki.source.kubernetes`, no host paths)." }),
    true,
  ),
  events: withDefault(Type.Boolean({ description: 'Ship Kubernetes events (`loki.source.kubernetes_events`).' }), true),
  nodeLogs: withDefault(
    Type.Boolean({
      description:
        "Ship the nodes' own logs: the journal (`generic`: host paths, so the namespace must allow `privileged`), or the Talos service logs (`talos`: a TCP receiver, experimental in Alloy).",
    }),
    false,
  ),
  talos: withDefault(
    Type.Object(
      {
        port: withDefault(Port({ description: 'TCP port Talos sends its service logs to (json_lines).' }), 6050),
        serviceIP: Type.Optional(
          IpAddress({
            description:
              "A fixed ClusterIP for the `alloy` Service (`service.clusterIP`), inside the Service CIDR, so that the Talos machine config can name it (the nodes cannot resolve cluster DNS).",
          }),
        ),
      },
      { description: 'Talos host logs (with `platform: talos` and `nodeLogs`).' },
    ),
    {},
  ),
  traces: Type.Optional(
    Type.Boolean({
      description:
        "Receive applications' OTLP traces (gRPC 4317, HTTP 4318 on the `alloy` Service) and forward them over OTLP gRPC. Default: on when a component publishes the `otlp-grpc` endpoint (e.g. Tempo); `false` turns it off.",
    }),
  ),
  otlpEndpoint: Type.Optional(
    Type.Object(
      {
        host: Host({ description: 'Host name or address of the OTLP gRPC receiver.' }),
        port: withDefault(Port({ description: 'Its port.' }), 4317),
      },
      { description: "Where traces go (OTLP gRPC, without TLS). Default: the cluster's `otlp-grpc` endpoint." },
    ),
  ),
  clusterLabel: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: 'Value of the `cluster` label on every stream. Default: the cluster name.' }),
  ),
  logLevel: withDefault(StringEnum(['debug', 'info', 'warn', 'error'], { description: "Alloy's own log level (`logging.level`)." }), 'warn'),
  controlPlane: withDefault(
    Type.Boolean({ description: 'Run on control-plane nodes too: tolerate their `node-role.kubernetes.io/control-plane` taint (`controller.tolerations`).' }),
    true,
  ),
  podLogsCRD: withDefault(
    Type.Boolean({
      description:
        "Install the `PodLogs` CRD (`monitoring.grafana.com`) of the chart's crds subchart (`crds.create`), for `loki.source.podlogs` configurations added through `helmValues`. The generated configuration does not use it.",
    }),
    false,
  ),
  monitoring: Monitoring({ derived: true, description: "ServiceMonitor for Alloy's own metrics, port `http-metrics` (12345) (`serviceMonitor.enabled`)." }),
});
export type AlloyValues = Static<typeof AlloyValuesSchema>;
type Values = Resolved<typeof AlloyValuesSchema>;

/** Loki's push URL: the typed one, else the cluster's `loki` endpoint. */
function lokiTarget(v: Values, ctx: ComponentContext): { url: string; from?: string } | undefined {
  const base = v.lokiUrl ?? ctx.facts.endpoint('loki')?.url;
  if (base === undefined) return undefined;
  const url = base.endsWith(PUSH_PATH) ? base : `${base.endsWith('/') ? base.slice(0, -1) : base}${PUSH_PATH}`;
  return v.lokiUrl ? { url } : { url, from: ctx.facts.endpoint('loki')!.from };
}

/** Where traces go: off, the typed endpoint, or the cluster's `otlp-grpc` endpoint. */
function traceTarget(v: Values, ctx: ComponentContext): { endpoint: string; from?: string } | undefined {
  if (v.traces === false) return undefined;
  if (v.otlpEndpoint) return { endpoint: hostPort(v.otlpEndpoint.host, v.otlpEndpoint.port ?? 4317) };
  const fact = ctx.facts.endpoint('otlp-grpc');
  const parsed = fact ? parseHostPort(fact.url) : undefined;
  return parsed && fact ? { endpoint: hostPort(parsed.host, parsed.port ?? 4317), from: fact.from } : undefined;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Host and port of an endpoint, with or without a scheme (`tempo.monitoring.svc.cluster.local:4317`). */
function parseHostPort(text: string): { host: string; port?: number } | undefined {
  try {
    const url = new URL(text.includes('://') ? text : `http://${text}`);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return { host, ...(url.port ? { port: Number(url.port) } : {}) };
  } catch {
    return undefined;
  }
}

/** The configuration the values describe, in the cluster they are in. */
function configOf(v: Values, ctx: ComponentContext): AlloyConfig {
  const loki = lokiTarget(v, ctx);
  const traces = traceTarget(v, ctx);
  return {
    cluster: v.clusterLabel ?? ctx.cluster,
    logLevel: v.logLevel,
    ...(loki ? { lokiPushUrl: loki.url } : {}),
    podLogs: v.podLogs,
    events: v.events,
    ...(v.nodeLogs ? { nodeLogs: v.platform === 'talos' ? { platform: 'talos' as const, port: v.talos.port ?? 6050 } : { platform: 'generic' as const } } : {}),
    ...(traces ? { traces: { endpoint: traces.endpoint } } : {}),
  };
}

/** The Talos machine-config setting that sends a node's service logs to Alloy. */
function talosDestination(v: Values): string {
  const address = v.talos.serviceIP ?? '<ClusterIP of the alloy Service>';
  return `\`machine.logging.destinations: [{ endpoint: "tcp://${address.includes(':') ? `[${address}]` : address}:${v.talos.port ?? 6050}/", format: json_lines }]\``;
}

/** Whether the journal is read from host paths (the one configuration that is not `restricted`). */
const readsJournal = (v: Values) => v.nodeLogs && v.platform === 'generic';

/** The workload restarter that watches this namespace, if the cluster has one. */
function restarter(ctx: ComponentContext): PublishedFact<'workload-restarter'> | undefined {
  return ctx.facts.all('workload-restarter').find((r) => r.namespaces.length === 0 || r.namespaces.includes(ctx.namespace));
}

function problems(v: Values, ctx: ComponentContext): ValueProblem[] {
  const out: ValueProblem[] = [];
  const logs = shipsLogs({ podLogs: v.podLogs, events: v.events, nodeLogs: v.nodeLogs ? { platform: 'generic' } : undefined });
  if (logs && lokiTarget(v, ctx) === undefined) {
    out.push({
      code: 'VALUE_MISSING',
      path: 'lokiUrl',
      message: 'is required: no component of the cluster publishes the `loki` endpoint, and Alloy ships logs to Loki',
      hint: 'add the loki component to the cluster, or set lokiUrl to the base URL of your Loki (http://loki.monitoring.svc.cluster.local:3100)',
    });
  }
  if (v.traces === true && traceTarget(v, ctx) === undefined) {
    out.push({
      code: 'VALUE_MISSING',
      path: 'otlpEndpoint',
      message: 'is required when traces is true: no component of the cluster publishes the `otlp-grpc` endpoint',
      hint: 'add a trace store that publishes it (the tempo component), set otlpEndpoint: { host, port }, or leave traces unset',
    });
  }
  if (!logs && traceTarget(v, ctx) === undefined) {
    out.push({
      path: 'podLogs',
      message: 'Alloy would collect nothing: pod logs, events and node logs are off, and no traces are forwarded',
      got: false,
      hint: 'turn on podLogs, events or nodeLogs, or set traces with a trace store in the cluster; or remove the component',
    });
  }
  if (v.platform !== 'talos' && v.talos.serviceIP !== undefined) {
    out.push({
      path: 'talos.serviceIP',
      message: 'only applies with platform: talos, where the nodes push their logs to the Service',
      got: v.talos.serviceIP,
      hint: "set platform: 'talos', or remove talos.serviceIP",
    });
  }
  return out;
}

export const alloy = defineComponent({
  name: 'alloy',
  title: 'Grafana Alloy',
  summary: "Ships pod logs, Kubernetes events and the nodes' logs to Loki, and forwards OTLP traces",
  category: 'observability',
  namespace: 'monitoring',
  // Restricted with the pod logs read through the API; reading the journal from host paths
  // (`nodeLogs` on a generic platform) needs `privileged`.
  podSecurity: (v) => (readsJournal(v) ? 'privileged' : 'restricted'),
  chart: {
    name: 'alloy',
    // No upstream OCI artifact: the alloy release workflow publishes to the HTTP repository only.
    // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
    version: '1.11.1',
    repository: 'https://grafana.github.io/helm-charts',
  },
  chartData: new URL('../chart/', import.meta.url),
  docs: [
    { title: 'Grafana Alloy', url: 'https://grafana.com/docs/alloy/latest/' },
    { title: 'Alloy on Kubernetes', url: 'https://grafana.com/docs/alloy/latest/configure/kubernetes/' },
    { title: 'loki.source.kubernetes', url: 'https://grafana.com/docs/alloy/latest/reference/components/loki/loki.source.kubernetes/' },
    { title: 'Migrate from Promtail', url: 'https://grafana.com/docs/alloy/latest/set-up/migrate/from-promtail/' },
    { title: 'Talos logging', url: 'https://www.talos.dev/latest/talos-guides/configuration/logging/' },
    { title: 'Helm chart', url: 'https://github.com/grafana/alloy/tree/main/operations/helm/charts/alloy' },
  ],
  values: AlloyValuesSchema,
  check: (v, ctx) => problems(v, ctx),
  provides: (v) => (v.podLogsCRD ? { crd: ['monitoring.grafana.com'] } : {}),
  helmValues: (v, ctx) => {
    const config = configOf(v, ctx);
    const journal = readsJournal(v);
    const ports = listenPorts(config);
    const restart = restarter(ctx);
    return {
      fullnameOverride: ctx.name,
      // The PodLogs CRD of the crds subchart: the generated configuration does not use it.
      crds: { create: v.podLogsCRD },
      alloy: {
        configMap: { create: true, content: alloyConfig(config) },
        // otelcol.receiver.tcplog (the Talos receiver) is experimental.
        stabilityLevel: config.nodeLogs?.platform === 'talos' ? 'experimental' : 'generally-available',
        storagePath: STORAGE_PATH,
        enableReporting: false,
        ...(ports.length > 0 ? { extraPorts: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })) } : {}),
        mounts: {
          extra: [
            { name: 'storage', mountPath: STORAGE_PATH },
            ...(journal ? JOURNAL_PATHS.map((j) => ({ name: j.name, mountPath: j.path, readOnly: true })) : []),
          ],
        },
        // The journal files belong to root (0640): reading them needs uid 0, though no capability.
        securityContext: {
          ...(journal ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 } : { runAsNonRoot: true, runAsUser: ALLOY_UID, runAsGroup: ALLOY_UID }),
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
      global: {
        podSecurityContext: { fsGroup: ALLOY_UID, ...(journal ? {} : { runAsNonRoot: true }), seccompProfile: { type: 'RuntimeDefault' } },
      },
      controller: {
        type: 'daemonset',
        ...(v.controlPlane ? { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
        volumes: {
          extra: [
            { name: 'storage', emptyDir: {} },
            ...(journal ? JOURNAL_PATHS.map((j) => ({ name: j.name, hostPath: { path: j.path } })) : []),
          ],
        },
        // The config-reloader sidecar applies configuration changes; a restarter rolls the pods on
        // the changes it cannot apply (its Secret and ConfigMap references).
        ...(restart ? { extraAnnotations: { [restart.annotation]: restart.value } } : {}),
      },
      ...(v.platform === 'talos' && v.nodeLogs && v.talos.serviceIP ? { service: { clusterIP: v.talos.serviceIP } } : {}),
      ...(monitored(v.monitoring, ctx.facts) ? { serviceMonitor: { enabled: true } } : {}),
    };
  },
  features: (v, ctx) => {
    const config = configOf(v, ctx);
    const loki = lokiTarget(v, ctx);
    const traces = traceTarget(v, ctx);
    const restart = restarter(ctx);
    return [
      ...(loki && shipsLogs(config) ? [`Ships logs to Loki at \`${loki.url}\`${loki.from ? ` (the \`loki\` endpoint of ${loki.from})` : ''}, labelled \`cluster="${config.cluster}"\``] : []),
      ...(v.podLogs ? ["Pod logs of each node, read through the Kubernetes API (`loki.source.kubernetes`): labels `namespace`, `pod`, `container`, `node`, `app`, `job`"] : []),
      ...(v.events
        ? ['Kubernetes events (`loki.source.kubernetes_events`, job `integrations/kubernetes/eventhandler`): every Alloy pod reads them, and Loki keeps one of identical entries']
        : []),
      ...(v.podLogsCRD ? ['`PodLogs` CRD (`monitoring.grafana.com`) installed with the release (`crds.create`)'] : []),
      ...(config.nodeLogs?.platform === 'generic' ? ['Node journal from `/var/log/journal` and `/run/log/journal` (`loki.source.journal`, job `node/journal`, labels `unit`, `node`, `level`)'] : []),
      ...(config.nodeLogs?.platform === 'talos'
        ? [
            `Talos service logs received on TCP port ${config.nodeLogs.port} (\`otelcol.receiver.tcplog\`, job \`talos/service\`, labels \`service\`, \`level\`); Alloy runs with \`--stability.level=experimental\``,
            `Prerequisite, in every Talos machine config (fluxgen cannot set it): ${talosDestination(v)}`,
          ]
        : []),
      ...(traces ? [`OTLP traces received on the \`${ctx.name}\` Service (gRPC 4317, HTTP 4318) and forwarded to \`${traces.endpoint}\`${traces.from ? ` (the \`otlp-grpc\` endpoint of ${traces.from})` : ''}`] : []),
      ...(restart ? [`Restarted by ${restart.from} on changes of its ConfigMaps and Secrets (\`${restart.annotation}\`); configuration changes are applied in place by the config-reloader sidecar`] : []),
    ];
  },
  security: (v, ctx) => [
    readsJournal(v)
      ? "Reads the nodes' journal through read-only host paths, as root without capabilities: the namespace must allow Pod Security `privileged`"
      : 'Runs as the alloy user (473) with a read-only root file system, no capabilities and RuntimeDefault seccomp (Pod Security `restricted`)',
    ...(v.podLogs || v.events ? ['Reads every pod log and event of the cluster through the API (ClusterRole): its logs may hold what applications print'] : []),
    ...(v.platform === 'talos' && v.nodeLogs ? [`Accepts log lines from anyone who reaches TCP port ${v.talos.port ?? 6050} of the \`${ctx.name}\` Service: keep it off public addresses`] : []),
    ...(traceTarget(v, ctx) ? ['Accepts OTLP traces from any pod that reaches the Service, without authentication'] : []),
  ],
  readme: (v, ctx) => {
    const config = configOf(v, ctx);
    const loki = lokiTarget(v, ctx);
    const traces = traceTarget(v, ctx);
    return {
      pods: [`app.kubernetes.io/instance=${ctx.name}`],
      health: [
        { command: `kubectl -n ${ctx.namespace} get ds ${ctx.name}`, expect: 'DESIRED = READY (one pod a node)' },
        // Through the API server's service proxy: the image needs no HTTP client.
        { command: `kubectl get --raw /api/v1/namespaces/${ctx.namespace}/services/${ctx.name}:12345/proxy/-/ready`, expect: 'Alloy is ready.' },
      ],
      symptoms: [
        { symptom: 'No logs in Loki from a node or namespace', check: `\`kubectl -n ${ctx.namespace} logs ds/${ctx.name} -c alloy\` for \`loki.write\` errors (a wrong URL, Loki's 429 rate limit)` },
        ...(v.podLogs ? [{ symptom: 'Pod log lines appear several times', check: 'each Alloy pod must tail only its node\'s pods (`spec.nodeName` field selector in `discovery.kubernetes "pods"`)' }] : []),
        ...(config.nodeLogs?.platform === 'talos'
          ? [{ symptom: 'No Talos service logs (`job="talos/service"`)', check: `every machine config needs ${talosDestination(v)}, and the node must reach the Service address` }]
          : []),
        ...(readsJournal(v) ? [{ symptom: 'Pods rejected with `violates PodSecurity`', check: `reading the journal needs host paths: the \`${ctx.namespace}\` namespace must be \`privileged\`` }] : []),
      ],
      topics: [
        {
          topic: 'monitoring',
          facts: [
            ...(loki && shipsLogs(config)
              ? [`Alloy ships ${[v.podLogs ? 'pod logs' : '', v.events ? 'events' : '', v.nodeLogs ? (v.platform === 'talos' ? 'Talos service logs' : 'node journals') : ''].filter(Boolean).join(', ')} to \`${loki.url}\``]
              : []),
            ...(traces ? [`Applications send OTLP traces to \`${ctx.name}.${ctx.namespace}.svc.cluster.local:4317\` (gRPC) or \`:4318\` (HTTP); Alloy forwards them to \`${traces.endpoint}\``] : []),
            ...(config.nodeLogs?.platform === 'talos' ? [`Talos nodes must send their logs to Alloy: ${talosDestination(v)}`] : []),
          ],
        },
        {
          topic: 'monitoring',
          section: 'Logs',
          facts: ['Grafana Alloy succeeds Promtail, the deprecated predecessor: Promtail reached end of life on 2 March 2026 and Loki 3.7 removed it (fluxgen keeps a `promtail` component that warns when generated)'],
        },
      ],
      diagrams: [
        telemetryPiece(
          [{ id: 'alloy', label: `Grafana Alloy\n${[v.podLogs ? 'pod logs' : '', v.events ? 'events' : '', v.nodeLogs ? 'node logs' : '', traces ? 'OTLP traces' : ''].filter(Boolean).join(', ')}`, stage: 'collect' }],
          [...(loki && shipsLogs(config) ? [{ from: 'alloy', to: 'loki', kind: 'logs' as const }] : []), ...(traces ? [{ from: 'alloy', to: 'tempo', kind: 'traces' as const }] : [])],
        ),
        ...(monitored(v.monitoring, ctx.facts) ? [scrapedBy(ctx.name, 'Grafana Alloy', ctx.namespace)] : []),
      ],
    };
  },
  troubleshooting: (v, ctx) => [
    {
      title: 'Pods, readiness and errors of the pipeline',
      commands: [
        `kubectl -n ${ctx.namespace} get ds ${ctx.name}`,
        `kubectl -n ${ctx.namespace} get pods -l app.kubernetes.io/instance=${ctx.name} -o wide`,
        `kubectl -n ${ctx.namespace} logs ds/${ctx.name} -c alloy --tail=200 | grep -e level=error -e level=warn`,
      ],
    },
    {
      title: 'The component graph and the health of each component (open http://localhost:12345)',
      commands: [],
      keepOpen: `kubectl -n ${ctx.namespace} port-forward ds/${ctx.name} 12345`,
    },
    {
      title: 'The configuration Alloy runs (generated by fluxgen)',
      commands: [`kubectl -n ${ctx.namespace} get configmap ${ctx.name} -o jsonpath='{.data.config\\.alloy}'`],
    },
    ...(v.platform === 'talos' && v.nodeLogs
      ? [
          {
            title: 'Talos: the address the nodes push to, and what a node sends',
            commands: [
              `kubectl -n ${ctx.namespace} get svc ${ctx.name} -o jsonpath='{.spec.clusterIP}'`,
              'talosctl get machineconfig -o yaml | grep -A3 destinations',
            ],
          },
        ]
      : []),
  ],
});
