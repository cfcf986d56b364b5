/**
 * Loki: the cluster's log store, from the community `loki` chart. One binary on a volume of a
 * StorageClass by default (Monolithic); with S3, more replicas or the deprecated simple-scalable
 * mode (read, write and backend). Publishes the `loki` endpoint that log shippers push to and Grafana
 * queries; sends ruler alerts to the cluster's Alertmanager, and ships its dashboards to the
 * cluster's dashboard loader.
 */
import {
  CalendarDate,
  defineComponent,
  Host,
  Monitoring,
  monitored,
  Port,
  PrometheusDuration,
  Resources,
  scrapedBy,
  telemetryPiece,
  SecretSource,
  secretName,
  Storage,
  storageClassOf,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ComponentContext,
  type Derivation,
  type FactContext,
  type Resolved,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';

/** Keys Loki reads from the S3 credentials Secret (as environment variables, expanded in its config). */
const S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
/** Default name of the S3 credentials Secret. */
const S3_SECRET = 'loki-s3-credentials';
/** Loki's HTTP port (`loki.server.http_listen_port`). */
const HTTP_PORT = 3100;

const S3 = Type.Object(
  {
    endpoint: Host({ description: 'Host of the S3 API, without scheme (`loki.storage.s3.endpoint`), e.g. `minio.storage.svc.cluster.local` or `s3.eu-central-1.amazonaws.com`.' }),
    port: Type.Optional(Port({ description: 'Port of the S3 API, when it is not the scheme\'s default (MinIO: 9000).' })),
    bucket: Type.String({ minLength: 3, maxLength: 63, description: 'Bucket for chunks, the ruler and admin data (`loki.storage.bucketNames.chunks`, `.ruler`).' }),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Region (`loki.storage.s3.region`), e.g. `us-east-1`. Unset: the endpoint\'s default.' })),
    forcePathStyle: withDefault(
      Type.Boolean({ description: 'Path-style requests (`bucket` in the path, not the hostname) (`loki.storage.s3.s3ForcePathStyle`); MinIO, Garage and Ceph need it.' }),
      true,
    ),
    insecure: withDefault(Type.Boolean({ description: 'Plain HTTP instead of HTTPS (`loki.storage.s3.insecure`): only inside the cluster.' }), false),
    credentials: {
      ...SecretSource,
      description: 'Secret with `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, read as environment variables (`extraEnvFrom` of each Loki workload), never copied into the chart values.',
    } as typeof SecretSource,
  },
  { additionalProperties: false, description: 'Object storage (S3 or compatible) for chunks and index.' },
);

/** The typed values of Loki. */
export const LokiValuesSchema = Type.Object({
  mode: withDefault(
    StringEnum(['monolithic', 'simple-scalable'], {
      description:
        '`monolithic`: one StatefulSet running every target (`deploymentMode: Monolithic`). `simple-scalable`: read, write and backend (`deploymentMode: SimpleScalable`), which needs `storage.s3` and the gateway; **deprecated upstream** and removed in Loki 4, so prefer monolithic with more replicas.',
    }),
    'monolithic',
  ),
  replicas: withDefault(
    Type.Integer({
      minimum: 1,
      maximum: 10,
      description:
        'Pods of the single binary (`singleBinary.replicas`), or of each of read, write and backend in simple-scalable mode. More than one needs `storage.s3`; three or more replicate each stream three times (`replication_factor`).',
    }),
    1,
  ),
  storage: withDefault(
    Type.Object(
      {
        volume: Storage({
          defaultSize: '20Gi',
          description:
            'Volume of each pod (`singleBinary.persistence`; `write` and `backend` in simple-scalable mode): chunks and index on the filesystem, or the write-ahead log and index cache with S3.',
        }),
        s3: Type.Optional(S3),
      },
      { additionalProperties: false, description: 'Where logs are kept: the pods\' volumes (`loki.storage.type: filesystem`), or S3 with a volume for the write-ahead log.' },
    ),
    { volume: { size: '20Gi' } },
  ),
  schemaFrom: withDefault(
    CalendarDate({
      description:
        'First day of the TSDB v13 schema period (`loki.schemaConfig.configs[0].from`). Part of the data layout: **never change it** after the first install; add a period through `helmValues` to migrate.',
    }),
    '2024-04-01',
  ),
  retention: Type.Optional(
    PrometheusDuration({
      description:
        'How long logs are kept (`loki.limits_config.retention_period`), deleted by the compactor (`loki.compactor.retention_enabled`), e.g. `14d`. Unset: kept until the volume or bucket is full.',
    }),
  ),
  gateway: withDefault(
    Type.Boolean({
      description:
        'nginx in front of Loki (`gateway.enabled`): one URL on port 80 for push and query (`http://<name>-gateway.<namespace>.svc.cluster.local`). Required by simple-scalable mode, where reads and writes go to different Services.',
    }),
    false,
  ),
  canary: withDefault(
    Type.Boolean({
      description:
        'The Loki canary DaemonSet (`lokiCanary.enabled`), which writes and reads back a log line on every node and exports the result as metrics. Off: it is a pod per node for a signal most homelabs never look at.',
    }),
    false,
  ),
  alertmanagerUrl: Type.Optional(
    Url({
      schemes: ['http', 'https'],
      description:
        'Where the ruler sends alerts (`loki.rulerConfig.alertmanager_url`). Default: the `alertmanager` endpoint a component of the cluster publishes (kube-prometheus-stack).',
    }),
  ),
  dashboards: Type.Optional(
    Type.Boolean({
      description:
        'Ship Loki\'s dashboards as ConfigMaps (`monitoring.dashboards`). Default: on when the cluster has a dashboard loader (Grafana\'s sidecar) that watches Loki\'s namespace, with its label and folder annotation.',
    }),
  ),
  resources: Resources({ description: 'Resources of each Loki pod (`singleBinary.resources`; `write`, `read` and `backend` in simple-scalable mode). Unset: none, as the chart.' }),
  monitoring: Monitoring({ derived: true, description: 'ServiceMonitor for Loki\'s metrics on port 3100 (`monitoring.serviceMonitor.enabled`).' }),
});
export type LokiValues = Static<typeof LokiValuesSchema>;
type Values = Resolved<typeof LokiValuesSchema>;

export const loki = defineComponent({
  name: 'loki',
  title: 'Loki',
  summary: 'Log store: receives logs from the shippers, keeps them for the retention period, answers LogQL queries',
  category: 'observability',
  namespace: 'monitoring',
  // Every Loki pod, the gateway and the sidecar run as uid 10001 with a read-only root, no
  // capabilities and the RuntimeDefault seccomp profile (chart defaults).
  podSecurity: 'restricted',
  // Moved to grafana-community in March 2026; `loki-stack` is deprecated and grafana/loki's chart is for GEL.
  // renovate: datasource=helm depName=loki registryUrl=https://grafana-community.github.io/helm-charts
  chart: { name: 'loki', version: '18.11.0', oci: 'oci://ghcr.io/grafana-community/helm-charts/loki', repository: 'https://grafana-community.github.io/helm-charts' },
  docs: [
    { title: 'Loki documentation', url: 'https://grafana.com/docs/loki/latest/' },
    { title: 'Helm chart (grafana-community)', url: 'https://github.com/grafana-community/helm-charts/tree/main/charts/loki' },
    { title: 'Deployment modes', url: 'https://grafana.com/docs/loki/latest/get-started/deployment-modes/' },
    { title: 'Retention', url: 'https://grafana.com/docs/loki/latest/operations/storage/retention/' },
    { title: 'Schema configuration', url: 'https://grafana.com/docs/loki/latest/configure/storage/#schema-config' },
  ],
  lifecycle: {
    moved: [{ from: 'https://grafana.github.io/helm-charts', to: 'https://grafana-community.github.io/helm-charts', since: '2026-03-16' }],
  },
  values: LokiValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  rules: [
    { when: 'mode', is: 'simple-scalable', require: 'storage.s3', because: 'simple-scalable mode keeps chunks and index in object storage: the read, write and backend pods share no volume' },
    { when: 'mode', is: 'simple-scalable', require: 'gateway', because: 'in simple-scalable mode pushes go to the write pods and queries to the read pods: the gateway gives clients one URL' },
  ],
  check: (v) => replicaProblems(v),
  helmValues: (v, ctx) => helmValues(v, ctx),
  derive: (v, ctx) => derivations(v, ctx),
  secrets: (v) =>
    v.storage.s3
      ? [{ source: v.storage.s3.credentials, defaultName: S3_SECRET, keys: S3_KEYS, purpose: `Access key of S3 bucket \`${v.storage.s3.bucket}\`` }]
      : [],
  facts: (v, ctx) => [{ kind: 'endpoint', name: 'loki', url: lokiUrl(v, ctx), path: v.gateway ? 'gateway' : undefined }],
  features: (v, ctx) => [
    v.mode === 'monolithic'
      ? `Monolithic: ${v.replicas} pod${v.replicas > 1 ? 's' : ''} running every target (\`deploymentMode: Monolithic\`)`
      : `Simple-scalable (deprecated upstream, removed in Loki 4): ${v.replicas} read, write and backend pods each`,
    v.storage.s3
      ? `Chunks and index in S3 bucket \`${v.storage.s3.bucket}\` at \`${v.storage.s3.endpoint}\`, write-ahead log on ${v.storage.volume.size} volumes`
      : `Chunks and index on ${v.storage.volume.size} volume${v.replicas > 1 ? 's' : ''}${storageClassText(v, ctx)}`,
    `TSDB schema v13 from ${v.schemaFrom}`,
    v.retention ? `Logs kept ${v.retention}, deleted by the compactor` : 'No retention: logs are kept until the storage is full',
    `Push to \`${lokiUrl(v, ctx)}/loki/api/v1/push\`, query \`${lokiUrl(v, ctx)}\`${v.gateway ? ' (through the gateway)' : ''}`,
    'Single tenant (`auth_enabled: false`): clients send no `X-Scope-OrgID`',
    ...(v.canary ? ['Loki canary on every node'] : []),
    ...(dashboardsOn(v, ctx) ? ['Dashboards shipped as ConfigMaps (`monitoring.dashboards`)'] : []),
  ],
  security: (v) => [
    'Every pod runs restricted: uid 10001, read-only root file system, no capabilities, RuntimeDefault seccomp',
    `No authentication: any pod that reaches ${v.gateway ? 'the gateway or ' : ''}the Loki Service can push and read every log line. Restrict it with a NetworkPolicy`,
    ...(v.storage.s3 ? ['The S3 access key is read from a Secret as environment variables; it is never written into the chart values'] : []),
    'Usage reporting to Grafana Labs is off (`analytics.reporting_enabled: false`)',
  ],
  readme: (v, ctx) => {
    const svc = serviceName(ctx.name);
    const ns = ctx.namespace;
    const sts = v.mode === 'monolithic' ? svc : `${svc}-write`;
    return {
      pods: [`app.kubernetes.io/instance=${ctx.name}`],
      health: [
        { command: `kubectl -n ${ns} get sts -l app.kubernetes.io/instance=${ctx.name}`, expect: `${v.mode === 'monolithic' ? svc : `${svc}-write, ${svc}-backend`} READY ${v.replicas}/${v.replicas}` },
        { command: `kubectl -n ${ns} exec sts/${sts} -c loki -- wget -qO- localhost:${HTTP_PORT}/ready`, expect: 'ready' },
      ],
      symptoms: [
        { symptom: 'Log shippers get `no org id` (401)', check: 'the client sends to the right URL; this Loki runs without tenants (`auth_enabled: false`)' },
        { symptom: 'Pushes are rejected as `entry too far behind` or rate-limited', check: '`limits_config.reject_old_samples_max_age` (168h) and the ingestion rate limits, through `helmValues`' },
        ...(v.storage.s3 ? [{ symptom: 'Loki crash-loops with S3 `AccessDenied` or `NoSuchBucket`', check: `the bucket \`${v.storage.s3.bucket}\` exists and the Secret's keys are right` }] : []),
      ],
      topics: [
        {
          topic: 'monitoring',
          section: 'Logs',
          facts: [
            `Loki: push to \`${lokiUrl(v, ctx)}/loki/api/v1/push\`, query \`${lokiUrl(v, ctx)}\`, kept ${v.retention ?? 'until the storage is full'}`,
          ],
        },
        ...(dashboardsOn(v, ctx) ? [{ topic: 'monitoring' as const, section: 'Dashboards' as const, facts: ['Loki\'s dashboards shipped as ConfigMaps (folder `Loki`)'] }] : []),
        {
          topic: 'storage',
          facts: [
            v.storage.s3
              ? `Loki: S3 bucket \`${v.storage.s3.bucket}\`, WAL on ${v.storage.volume.size}${storageClassText(v, ctx)}`
              : `Loki: ${v.storage.volume.size}${storageClassText(v, ctx)} a pod`,
          ],
        },
      ],
      diagrams: [
        telemetryPiece([{ id: 'loki', label: `Loki\nlogs, ${v.retention ?? 'no retention limit'}`, stage: 'store' }]),
        ...(monitored(v.monitoring, ctx.facts) ? [scrapedBy(ctx.name, 'Loki', ns)] : []),
      ],
    };
  },
  troubleshooting: (v, ctx) => {
    const svc = serviceName(ctx.name);
    const ns = ctx.namespace;
    const sts = v.mode === 'monolithic' ? svc : `${svc}-write`;
    return [
      {
        title: 'Pods and readiness',
        commands: [
          `kubectl -n ${ns} get sts,pods -l app.kubernetes.io/instance=${ctx.name}`,
          `kubectl -n ${ns} exec sts/${sts} -c loki -- wget -qO- localhost:${HTTP_PORT}/ready`,
          `kubectl -n ${ns} logs sts/${sts} -c loki --tail=100 | grep -E 'level=(error|warn)'`,
        ],
      },
      {
        title: 'What Loki holds (labels seen in the last hour)',
        commands: [`kubectl -n ${ns} exec sts/${sts} -c loki -- wget -qO- localhost:${HTTP_PORT}/loki/api/v1/labels`],
      },
      {
        title: 'The configuration Loki runs with',
        commands: [`kubectl -n ${ns} exec sts/${sts} -c loki -- wget -qO- localhost:${HTTP_PORT}/config | grep -E -A3 'retention|schema_config|alertmanager_url'`],
      },
    ];
  },
});

/** The Service of the single binary: the release name when it names the chart, else `<release>-loki` (chart helper `loki.fullname`). */
function serviceName(release: string): string {
  return release.includes('loki') ? release : `${release}-loki`;
}

/** Where clients push and query: the gateway, or the single binary's Service. */
function lokiUrl(v: Values, ctx: FactContext): string {
  const svc = serviceName(ctx.name);
  return v.gateway ? `http://${svc}-gateway.${ctx.namespace}.svc.cluster.local` : `http://${svc}.${ctx.namespace}.svc.cluster.local:${HTTP_PORT}`;
}

function storageClassText(v: Values, ctx: ComponentContext): string {
  const cls = storageClassOf(v.storage.volume, ctx.facts);
  return cls ? ` (StorageClass \`${cls}\`)` : '';
}

/** Loki's dashboards for the cluster's dashboard loader (its label and folder annotation), or with the chart's label when there is none. */
function dashboardValues(ctx: ComponentContext): Record<string, unknown> {
  const loader = ctx.facts.one('dashboard-loader');
  if (!loader) return { enabled: true };
  return {
    enabled: true,
    // An empty value means any value to the loader: the chart's "1" is one.
    labels: { [loader.label]: loader.value === '' ? '1' : loader.value },
    annotations: { [loader.folderAnnotation]: 'Loki' },
  };
}

/** The cluster's dashboard loader, when it watches Loki's namespace (empty `namespaces`: every one). */
function loaderFor(ctx: ComponentContext) {
  const loader = ctx.facts.one('dashboard-loader');
  return loader && (loader.namespaces.length === 0 || loader.namespaces.includes(ctx.namespace)) ? loader : undefined;
}

/** Whether Loki's dashboards are shipped: as set, or (unset) when a dashboard loader watches its namespace. */
function dashboardsOn(v: Values, ctx: ComponentContext): boolean {
  return v.dashboards ?? loaderFor(ctx) !== undefined;
}

function derivations(v: Values, ctx: ComponentContext): Derivation[] {
  const out: Derivation[] = [];
  const alertmanager = v.alertmanagerUrl === undefined ? ctx.facts.endpoint('alertmanager') : undefined;
  if (alertmanager) {
    out.push({
      helmPath: 'loki.rulerConfig.alertmanager_url',
      value: alertmanager.url,
      valuePath: 'alertmanagerUrl',
      because: alertmanager,
      reason: 'the ruler sends the alerts of Loki\'s alerting rules to the cluster\'s Alertmanager',
    });
  }
  const loader = v.dashboards === undefined ? loaderFor(ctx) : undefined;
  if (loader) {
    out.push({
      helmPath: 'monitoring.dashboards',
      value: dashboardValues(ctx),
      valuePath: 'dashboards',
      because: loader,
      reason: 'the dashboard loader picks up ConfigMaps with its label: Loki\'s dashboards land in its folder `Loki`',
    });
  }
  return out;
}

function helmValues(v: Values, ctx: ComponentContext): Record<string, unknown> {
  const s3 = v.storage.s3;
  const objectStore = s3 ? 's3' : 'filesystem';
  const cls = storageClassOf(v.storage.volume, ctx.facts);
  const persistence = { enabled: true, size: v.storage.volume.size, ...(cls ? { storageClass: cls } : {}) };
  const monolithic = v.mode === 'monolithic';
  const credentials = s3 ? secretName(s3.credentials, S3_SECRET) : undefined;
  const resources = resourcesOf(v.resources);
  // Each Loki pod: its resources, and with S3 the access key as environment variables that Loki
  // expands in its config (per workload: every chart version reads these keys).
  const res = {
    ...(resources ? { resources } : {}),
    ...(credentials ? { extraArgs: ['-config.expand-env=true'], extraEnvFrom: [{ secretRef: { name: credentials } }] } : {}),
  };
  return {
    deploymentMode: monolithic ? 'Monolithic' : 'SimpleScalable',
    loki: {
      // One tenant: no `X-Scope-OrgID` on every push and query.
      auth_enabled: false,
      analytics: { reporting_enabled: false },
      commonConfig: { replication_factor: v.replicas >= 3 ? 3 : 1 },
      storage: s3
        ? {
            type: 's3',
            bucketNames: { chunks: s3.bucket, ruler: s3.bucket },
            s3: {
              endpoint: s3.port !== undefined ? `${s3.endpoint}:${s3.port}` : s3.endpoint,
              ...(s3.region ? { region: s3.region } : {}),
              s3ForcePathStyle: s3.forcePathStyle,
              insecure: s3.insecure,
              // Expanded by Loki from the environment (`-config.expand-env=true`), from the Secret below.
              accessKeyId: '${AWS_ACCESS_KEY_ID}',
              secretAccessKey: '${AWS_SECRET_ACCESS_KEY}',
            },
          }
        : { type: 'filesystem' },
      // Mandatory: the chart fails without a schema.
      schemaConfig: {
        configs: [{ from: v.schemaFrom, store: 'tsdb', object_store: objectStore, schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
      },
      ...(v.retention
        ? {
            // Retention needs the delete request store, or Loki 3 refuses to start.
            compactor: { retention_enabled: true, delete_request_store: objectStore, working_directory: '/var/loki/compactor' },
            limits_config: { retention_period: v.retention },
          }
        : {}),
    },
    singleBinary: monolithic ? { replicas: v.replicas, persistence, ...res } : { replicas: 0 },
    // The simple-scalable targets; 0 in monolithic mode (the chart's validation refuses them without object storage).
    write: monolithic ? { replicas: 0 } : { replicas: v.replicas, persistence, ...res },
    read: monolithic ? { replicas: 0 } : { replicas: v.replicas, ...res },
    backend: monolithic ? { replicas: 0 } : { replicas: v.replicas, persistence, ...res },
    gateway: { enabled: v.gateway },
    // Memcached StatefulSets for chunks and query results, sized for large installs (8 GiB by default).
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: v.canary },
    // The Helm test needs the canary, pulls a mutable `latest` image, and Flux runs no Helm tests by default.
    test: { enabled: false },
    // Bundled subcharts: MinIO is deprecated (the chart fails when it is on), the rollout operator is for Distributed mode.
    minio: { enabled: false },
    rollout_operator: { enabled: false },
    ...(monitored(v.monitoring, ctx.facts) || v.dashboards === true
      ? {
          monitoring: {
            ...(monitored(v.monitoring, ctx.facts) ? { serviceMonitor: { enabled: true } } : {}),
            // Unset, the dashboards follow the loader as a stack rule (see derive).
            ...(v.dashboards === true ? { dashboards: dashboardValues(ctx) } : {}),
          },
        }
      : {}),
  };
}

/** Requests (and a memory limit equal to the request) from the typed resources. */
function resourcesOf(r: { readonly cpu?: string; readonly memory?: string } | undefined): Record<string, unknown> | undefined {
  if (!r || (r.cpu === undefined && r.memory === undefined)) return undefined;
  return {
    requests: { ...(r.cpu ? { cpu: r.cpu } : {}), ...(r.memory ? { memory: r.memory } : {}) },
    ...(r.memory ? { limits: { memory: r.memory } } : {}),
  };
}

/** More than one pod shares no volume: the chunks must be in object storage. */
function replicaProblems(v: Values): ValueProblem[] {
  if (v.replicas > 1 && !v.storage.s3) {
    return [
      {
        code: 'VALUE_MISSING',
        path: 'storage.s3',
        message: `is required with ${v.replicas} replicas`,
        hint: 'each Loki pod has its own volume, so several pods need a shared object store: set storage.s3, or run 1 replica',
      },
    ];
  }
  return [];
}
