/**
 * Tempo: the cluster's trace store, from the community single-binary `tempo` chart. Receives OTLP
 * (gRPC and HTTP), keeps traces on a volume of a StorageClass or in S3, derives RED metrics and
 * service-graph edges from spans and remote-writes them into the cluster's Prometheus, and caches
 * bloom filters and Parquet footers in a Memcached-compatible store: a Dragonfly it declares
 * itself when the cluster runs the Dragonfly operator.
 */
import {
  defineComponent,
  Duration,
  Host,
  Monitoring,
  monitored,
  Name,
  Port,
  Resources,
  scrapedBy,
  telemetryPiece,
  SecretSource,
  secretName,
  Size,
  Storage,
  storageClassOf,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ComponentContext,
  type Derivation,
  type Fact,
  type FactContext,
  type KubeObject,
  type Resolved,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';
import { stringify } from 'yaml';

/** Tempo's ports (the chart's defaults): HTTP API and metrics, OTLP gRPC, OTLP HTTP, Zipkin. */
const PORTS = { http: 3200, otlpGrpc: 4317, otlpHttp: 4318, zipkin: 9411 } as const;
/** Where a receiver listens: every interface when it is on, the pod's loopback when it is off. */
const ANY = '0.0.0.0';
const LOOPBACK = '127.0.0.1';
/** The operator that runs Dragonfly caches, as it publishes itself. */
const DRAGONFLY = { group: 'dragonflydb.io', resource: 'Dragonfly' } as const;
/** Keys Tempo reads from the S3 credentials Secret (environment variables of its S3 client). */
const S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const S3_SECRET = 'tempo-s3-credentials';

/**
 * The chart's `config` template of each vendored version, verbatim (values.yaml `config`; a test
 * compares them byte for byte). The chart renders it with `tpl`, so its `.Values.tempo.*`
 * references keep working when the cache block is appended; it has no `cache:` section of its own.
 */
const DEFAULT_CONFIG: Readonly<Record<string, string>> = {
  '2.2.4': [
    'stream_over_http_enabled: {{ .Values.tempo.streamOverHttpEnabled }}',
    'memberlist:',
    '  cluster_label: "{{ .Release.Name }}.{{ .Release.Namespace }}"',
    'multitenancy_enabled: {{ .Values.tempo.multitenancyEnabled }}',
    'usage_report:',
    '  reporting_enabled: {{ .Values.tempo.reportingEnabled }}',
    'compactor:',
    '  compaction:',
    '    block_retention: {{ .Values.tempo.retention }}',
    'distributor:',
    '  receivers:',
    '    {{- toYaml .Values.tempo.receivers | nindent 8 }}',
    'ingester:',
    '  {{- toYaml .Values.tempo.ingester | nindent 6 }}',
    'server:',
    '  {{- toYaml .Values.tempo.server | nindent 6 }}',
    'storage:',
    '  {{- toYaml .Values.tempo.storage | nindent 6 }}',
    'querier:',
    '  {{- toYaml .Values.tempo.querier | nindent 6 }}',
    'query_frontend:',
    '  {{- toYaml .Values.tempo.queryFrontend | nindent 6 }}',
    'overrides:',
    '  {{- toYaml .Values.tempo.overrides | nindent 6 }}',
    '  {{- if .Values.tempo.metricsGenerator.enabled }}',
    'metrics_generator:',
    '  {{- if .Values.tempo.metricsGenerator.processor }}',
    '  processor:',
    '    {{- toYaml .Values.tempo.metricsGenerator.processor | nindent 8 }}',
    '  {{- end }}',
    '  {{- if .Values.tempo.metricsGenerator.registry }}',
    '  registry:',
    '    {{- toYaml .Values.tempo.metricsGenerator.registry | nindent 8 }}',
    '  {{- end }}',
    '  storage:',
    '    path: {{ .Values.tempo.metricsGenerator.storage.path | quote }}',
    '    {{- if .Values.tempo.metricsGenerator.storage.remote_write }}',
    '    remote_write:',
    '      {{- toYaml .Values.tempo.metricsGenerator.storage.remote_write | nindent 10 }}',
    '    {{- else }}',
    '    remote_write:',
    '      - url: {{ .Values.tempo.metricsGenerator.remoteWriteUrl }}',
    '    {{- end }}',
    '  traces_storage:',
    '    path: {{ .Values.tempo.metricsGenerator.traces_storage.path | quote }}',
    '  {{- end }}',
    '',
  ].join('\n'),
};

const S3 = Type.Object(
  {
    endpoint: Host({ description: 'Host of the S3 API, without scheme (`tempo.storage.trace.s3.endpoint`), e.g. `minio.storage.svc.cluster.local`.' }),
    port: Type.Optional(Port({ description: 'Port of the S3 API, when it is not the scheme\'s default (MinIO: 9000).' })),
    bucket: Type.String({ minLength: 3, maxLength: 63, description: 'Bucket of the trace blocks (`tempo.storage.trace.s3.bucket`).' }),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Region (`tempo.storage.trace.s3.region`). Unset: the endpoint\'s default.' })),
    forcePathStyle: withDefault(Type.Boolean({ description: 'Path-style requests (`forcepathstyle`); MinIO, Garage and Ceph need it.' }), true),
    insecure: withDefault(Type.Boolean({ description: 'Plain HTTP instead of HTTPS (`insecure`): only inside the cluster.' }), false),
    credentials: {
      ...SecretSource,
      description: 'Secret with `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, given to Tempo as environment variables (`tempo.extraEnvFrom`), which its S3 client reads; never copied into the chart values.',
    } as typeof SecretSource,
  },
  { additionalProperties: false, description: 'Object storage (S3 or compatible) for the trace blocks.' },
);

const Processor = StringEnum(['service-graphs', 'span-metrics'], {
  description: '`service-graphs`: edges between services (Grafana\'s service map). `span-metrics`: request, error and duration metrics per service and span (traces to metrics).',
});

/** The typed values of Tempo. */
export const TempoValuesSchema = Type.Object({
  receivers: withDefault(
    Type.Object(
      {
        otlpGrpc: withDefault(Type.Boolean({ description: 'OTLP over gRPC on port 4317 (`tempo.receivers.otlp.protocols.grpc`): Istio, Alloy, most SDKs.' }), true),
        otlpHttp: withDefault(Type.Boolean({ description: 'OTLP over HTTP on port 4318 (`tempo.receivers.otlp.protocols.http`), path `/v1/traces`: browsers and SDKs without gRPC.' }), true),
        zipkin: withDefault(Type.Boolean({ description: 'Zipkin on port 9411 (`tempo.receivers.zipkin`), for Envoy\'s legacy Zipkin tracer.' }), false),
      },
      { additionalProperties: false, description: 'Protocols Tempo accepts spans in. The chart\'s four Jaeger receivers, and OTLP ones turned off, listen on the pod\'s loopback only: the chart cannot remove them.' },
    ),
    {},
  ),
  storage: withDefault(
    Type.Object(
      {
        volume: Storage({ defaultSize: '20Gi', description: 'Volume of the pod (`persistence`), mounted at `/var/tempo`: trace blocks with the local backend, the write-ahead log and the metrics generator\'s WAL always.' }),
        s3: Type.Optional(S3),
      },
      { additionalProperties: false, description: 'Where trace blocks are kept: the volume (`backend: local`), or S3.' },
    ),
    { volume: { size: '20Gi' } },
  ),
  retention: withDefault(
    Duration({ description: 'How long trace blocks are kept (`tempo.retention`, the compactor\'s `block_retention`), a Go duration in hours: `336h` is 14 days.' }),
    '336h',
  ),
  metricsGenerator: withDefault(
    Type.Object(
      {
        enabled: Type.Optional(
          Type.Boolean({
            description:
              'Derive metrics from spans and remote-write them into Prometheus (`tempo.metricsGenerator.enabled`). Default: on when the cluster publishes a `prometheus` endpoint (kube-prometheus-stack, which then turns its remote-write receiver on) or `remoteWriteUrl` is set.',
          }),
        ),
        remoteWriteUrl: Type.Optional(
          Url({
            schemes: ['http', 'https'],
            description: 'Prometheus remote-write URL (`tempo.metricsGenerator.remoteWriteUrl`). Default: the cluster\'s `prometheus` endpoint + `/api/v1/write`.',
          }),
        ),
        processors: withDefault(
          Type.Array(Processor, {
            minItems: 1,
            uniqueItems: true,
            description: 'What is generated (`tempo.overrides.defaults.metrics_generator.processors`); without them the generator generates nothing.',
          }),
          ['service-graphs', 'span-metrics'],
        ),
      },
      { additionalProperties: false, description: 'The metrics generator: RED metrics and service-graph edges for Grafana.' },
    ),
    {},
  ),
  cache: withDefault(
    Type.Object(
      {
        enabled: Type.Optional(
          Type.Boolean({
            description:
              'Cache bloom filters and Parquet footers in a Memcached-compatible store (top-level `cache` of the Tempo config). Default: on when `address` is set or the cluster runs the Dragonfly operator.',
          }),
        ),
        address: Type.Optional(Host({ description: 'Host of an existing Memcached (or Dragonfly with its Memcached port). Unset: a Dragonfly declared by Tempo (`dragonfly`).' })),
        port: withDefault(Port({ description: 'Memcached port of `address` or of the Dragonfly.' }), 11211),
        dragonfly: withDefault(
          Type.Object(
            {
              name: withDefault(Name({ description: 'Name of the Dragonfly object and its Service.' }), 'dragonfly-tempo'),
              memory: withDefault(Size({ description: 'Memory limit of the Dragonfly pod; it evicts the least recently used keys at that size.' }), '512Mi'),
            },
            { additionalProperties: false, description: 'The Dragonfly Tempo declares (`dragonflydb.io/v1alpha1`), when the cluster runs its operator and no `address` is given.' },
          ),
          {},
        ),
      },
      { additionalProperties: false, description: 'Query cache on a Memcached-compatible store.' },
    ),
    {},
  ),
  resources: Resources({ description: 'Resources of the Tempo container (`tempo.resources`). Unset: none, as the chart.' }),
  monitoring: Monitoring({ derived: true, description: 'ServiceMonitor for Tempo\'s metrics on port 3200 (`serviceMonitor.enabled`).' }),
});
export type TempoValues = Static<typeof TempoValuesSchema>;
type Values = Resolved<typeof TempoValuesSchema>;

export const tempo = defineComponent({
  name: 'tempo',
  title: 'Tempo',
  summary: 'Trace store: receives OTLP spans, keeps them for the retention period, derives service graphs and span metrics for Prometheus',
  category: 'observability',
  namespace: 'monitoring',
  // uid 10001, non-root; the seccomp profile and the container context are added below.
  podSecurity: 'restricted',
  // Moved to grafana-community (grafana/helm-charts froze at tempo-1.24.4); not tempo-distributed.
  // renovate: datasource=helm depName=tempo registryUrl=https://grafana-community.github.io/helm-charts
  chart: { name: 'tempo', version: '2.2.4', oci: 'oci://ghcr.io/grafana-community/helm-charts/tempo', repository: 'https://grafana-community.github.io/helm-charts' },
  docs: [
    { title: 'Tempo documentation', url: 'https://grafana.com/docs/tempo/latest/' },
    { title: 'Helm chart (grafana-community)', url: 'https://github.com/grafana-community/helm-charts/tree/main/charts/tempo' },
    { title: 'Metrics generator', url: 'https://grafana.com/docs/tempo/latest/metrics-generator/' },
    { title: 'Caching', url: 'https://grafana.com/docs/tempo/latest/operations/caching/' },
  ],
  lifecycle: {
    moved: [{ from: 'https://grafana.github.io/helm-charts', to: 'https://grafana-community.github.io/helm-charts' }],
  },
  values: TempoValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  check: (v, ctx) => problems(v, ctx),
  helmValues: (v, ctx) => helmValues(v, ctx),
  derive: (v, ctx) => derivations(v, ctx),
  objects: (v, ctx) => (cacheOf(v, ctx)?.dragonfly ? [dragonfly(v, ctx)] : []),
  // The Dragonfly it declares is a custom resource of the operator's CRD.
  needs: (v, ctx) => (cacheOf(v, ctx)?.dragonfly ? { crd: [DRAGONFLY.group] } : {}),
  secrets: (v) =>
    v.storage.s3 ? [{ source: v.storage.s3.credentials, defaultName: S3_SECRET, keys: S3_KEYS, purpose: `Access key of S3 bucket \`${v.storage.s3.bucket}\`` }] : [],
  facts: (v, ctx) => facts(v, ctx),
  features: (v, ctx) => {
    const cache = cacheOf(v, ctx);
    const rw = remoteWrite(v, ctx);
    return [
      `Receives ${receiverList(v).join(', ') || 'nothing'}`,
      v.storage.s3
        ? `Trace blocks in S3 bucket \`${v.storage.s3.bucket}\` at \`${v.storage.s3.endpoint}\`, WAL on a ${v.storage.volume.size} volume`
        : `Trace blocks on a ${v.storage.volume.size} volume${storageClassText(v, ctx)}`,
      `Traces kept ${v.retention}`,
      rw
        ? `Metrics generator (${v.metricsGenerator.processors.join(', ')}) remote-writing to \`${rw.url}\`${rw.from ? ` (derived from ${rw.from})` : ''}`
        : 'No metrics generator: no service graph or span metrics in Grafana',
      cache
        ? cache.dragonfly
          ? `Cache on Dragonfly \`${cache.dragonfly}\` (${v.cache.dragonfly.memory}), declared by Tempo because ${cache.from} runs the Dragonfly operator (derived): \`${cache.host}:${v.cache.port}\``
          : `Cache on Memcached \`${cache.host}:${v.cache.port}\``
        : 'No cache: every query reads bloom filters and footers from the storage',
      'Usage reporting to Grafana Labs is off (`reportingEnabled: false`)',
    ];
  },
  security: (v) => [
    'Runs restricted: uid 10001, read-only root file system, no capabilities, RuntimeDefault seccomp',
    'No authentication on the receivers or the query API: any pod that reaches the Service can send and read traces. Restrict it with a NetworkPolicy',
    ...(v.storage.s3 ? ['The S3 access key is read from a Secret as environment variables; it is never written into the chart values'] : []),
  ],
  readme: (v, ctx) => {
    const svc = serviceName(ctx.name);
    const ns = ctx.namespace;
    const cache = cacheOf(v, ctx);
    return {
      pods: [`app.kubernetes.io/instance=${ctx.name}`, ...(cache?.dragonfly ? [`app=${cache.dragonfly}`] : [])],
      health: [
        { command: `kubectl -n ${ns} get sts ${svc}`, expect: 'READY 1/1' },
        { command: `kubectl -n ${ns} exec sts/${svc} -- wget -qO- localhost:${PORTS.http}/ready`, expect: 'ready' },
        ...(cache?.dragonfly ? [{ command: `kubectl -n ${ns} get dragonfly ${cache.dragonfly}`, expect: 'PHASE ready' }] : []),
      ],
      symptoms: [
        { symptom: 'Grafana\'s service map is empty', check: 'the metrics generator\'s processors and remote write URL (`/status/config`), and Prometheus\'s remote-write receiver' },
        { symptom: 'Applications or Istio send spans but none arrive', check: `they send OTLP to \`${svc}.${ns}.svc.cluster.local:${PORTS.otlpGrpc}\` (gRPC) or \`:${PORTS.otlpHttp}\` (HTTP)` },
        ...(cache ? [{ symptom: 'Tempo logs `memcache: connection refused`', check: `the cache at \`${cache.host}:${v.cache.port}\`${cache.dragonfly ? ': the Dragonfly is ready and its Service has the `memcached` port' : ''}` }] : []),
      ],
      topics: [
        {
          topic: 'monitoring',
          section: 'Traces',
          facts: [
            `Traces: OTLP to \`${svc}.${ns}.svc.cluster.local:${PORTS.otlpGrpc}\` (gRPC) / \`:${PORTS.otlpHttp}\` (HTTP), kept ${v.retention}`,
            ...(remoteWrite(v, ctx) ? [`Tempo remote-writes span metrics and service graphs to \`${remoteWrite(v, ctx)!.url}\``] : []),
          ],
        },
        {
          topic: 'storage',
          facts: [v.storage.s3 ? `Tempo: S3 bucket \`${v.storage.s3.bucket}\`` : `Tempo: ${v.storage.volume.size}${storageClassText(v, ctx)}`],
        },
      ],
      diagrams: [
        telemetryPiece([{ id: 'tempo', label: `Tempo\ntraces, ${v.retention}`, stage: 'store' }]),
        ...(monitored(v.monitoring, ctx.facts) ? [scrapedBy(ctx.name, 'Tempo', ns)] : []),
      ],
    };
  },
  troubleshooting: (v, ctx) => {
    const svc = serviceName(ctx.name);
    const ns = ctx.namespace;
    const cache = cacheOf(v, ctx);
    return [
      {
        title: 'Pod and readiness',
        commands: [
          `kubectl -n ${ns} get sts,pods -l app.kubernetes.io/instance=${ctx.name}`,
          `kubectl -n ${ns} exec sts/${svc} -- wget -qO- localhost:${PORTS.http}/ready`,
          `kubectl -n ${ns} logs sts/${svc} --tail=100 | grep -E 'level=(error|warn)'`,
        ],
      },
      {
        title: 'The configuration Tempo runs with (receivers, metrics generator, cache)',
        commands: [`kubectl -n ${ns} exec sts/${svc} -- wget -qO- localhost:${PORTS.http}/status/config | grep -E -A6 'metrics_generator|remote_write|cache'`],
      },
      ...(cache?.dragonfly
        ? [
            {
              title: `The Dragonfly cache ${cache.dragonfly}`,
              commands: [`kubectl -n ${ns} get dragonfly ${cache.dragonfly}`, `kubectl -n ${ns} get svc ${cache.dragonfly} -o wide`, `kubectl -n ${ns} get pods -l app=${cache.dragonfly}`],
            },
          ]
        : []),
    ];
  },
});

/** The Service of the release: its name when it names the chart, else `<release>-tempo` (chart helper `tempo.fullname`). */
function serviceName(release: string): string {
  return release.includes('tempo') ? release : `${release}-tempo`;
}

function host(ctx: FactContext): string {
  return `${serviceName(ctx.name)}.${ctx.namespace}.svc.cluster.local`;
}

function receiverList(v: Values): string[] {
  return [
    ...(v.receivers.otlpGrpc ? [`OTLP gRPC on ${PORTS.otlpGrpc}`] : []),
    ...(v.receivers.otlpHttp ? [`OTLP HTTP on ${PORTS.otlpHttp}`] : []),
    ...(v.receivers.zipkin ? [`Zipkin on ${PORTS.zipkin}`] : []),
  ];
}

function storageClassText(v: Values, ctx: ComponentContext): string {
  const cls = storageClassOf(v.storage.volume, ctx.facts);
  return cls ? ` (StorageClass \`${cls}\`)` : '';
}

/** Where the metrics generator writes, and the component it follows from; undefined when it is off. */
function remoteWrite(v: Values, ctx: ComponentContext): { url: string; from?: string; because?: Derivation['because'] } | undefined {
  if (v.metricsGenerator.enabled === false) return undefined;
  if (v.metricsGenerator.remoteWriteUrl) return { url: v.metricsGenerator.remoteWriteUrl };
  const prometheus = ctx.facts.endpoint('prometheus');
  if (!prometheus) return undefined;
  const base = prometheus.url.endsWith('/') ? prometheus.url.slice(0, -1) : prometheus.url;
  return { url: `${base}/api/v1/write`, from: prometheus.from, because: prometheus };
}

/** The cache Tempo uses: an address given, or the Dragonfly it declares because the cluster runs the operator. */
function cacheOf(v: Values, ctx: ComponentContext): { host: string; dragonfly?: string; from?: string } | undefined {
  if (v.cache.enabled === false) return undefined;
  if (v.cache.address) return { host: v.cache.address };
  const operator = ctx.facts.all('operator').find((o) => o.group === DRAGONFLY.group && o.resource === DRAGONFLY.resource);
  if (!operator) return undefined;
  const name = v.cache.dragonfly.name;
  return { host: `${name}.${ctx.namespace}.svc.cluster.local`, dragonfly: name, from: operator.from };
}

function derivations(v: Values, ctx: ComponentContext): Derivation[] {
  const rw = remoteWrite(v, ctx);
  if (!rw?.because) return [];
  return [
    {
      helmPath: 'tempo.metricsGenerator.remoteWriteUrl',
      value: rw.url,
      valuePath: 'metricsGenerator.remoteWriteUrl',
      because: rw.because,
      reason: 'the metrics generator remote-writes service graphs and span metrics into the cluster\'s Prometheus (its receiver is turned on for Tempo)',
    },
  ];
}

function facts(v: Values, ctx: FactContext): Fact[] {
  const h = host(ctx);
  return [
    { kind: 'endpoint', name: 'tempo', url: `http://${h}:${PORTS.http}` },
    ...(v.receivers.otlpGrpc ? [{ kind: 'endpoint' as const, name: 'otlp-grpc', url: `${h}:${PORTS.otlpGrpc}`, path: 'receivers.otlpGrpc' }] : []),
    ...(v.receivers.otlpHttp ? [{ kind: 'endpoint' as const, name: 'otlp-http', url: `http://${h}:${PORTS.otlpHttp}`, path: 'receivers.otlpHttp' }] : []),
    // Unset, the generator is on exactly when Prometheus is there; the collector only acts on this fact then.
    ...(v.metricsGenerator.enabled !== false ? [{ kind: 'remote-write-client' as const, name: ctx.name, path: 'metricsGenerator.enabled' }] : []),
  ];
}

function problems(v: Values, ctx: ComponentContext): ValueProblem[] {
  const out: ValueProblem[] = [];
  if (!v.receivers.otlpGrpc && !v.receivers.otlpHttp && !v.receivers.zipkin) {
    out.push({ path: 'receivers', message: 'turns every receiver off', got: v.receivers, hint: 'turn on at least one of otlpGrpc, otlpHttp and zipkin: Tempo would receive no spans' });
  }
  if (v.metricsGenerator.enabled === true && !remoteWrite(v, ctx)) {
    out.push({
      code: 'VALUE_MISSING',
      path: 'metricsGenerator.remoteWriteUrl',
      message: 'is required: no component of the cluster publishes a `prometheus` endpoint',
      hint: 'add kube-prometheus-stack to the cluster, give the Prometheus remote-write URL, or set metricsGenerator.enabled: false',
    });
  }
  if (v.cache.enabled === true && !cacheOf(v, ctx)) {
    out.push({
      code: 'VALUE_MISSING',
      path: 'cache.address',
      message: 'is required: no component of the cluster runs the Dragonfly operator',
      hint: 'give the host of a Memcached, add dragonfly-operator to the cluster (Tempo then declares its own Dragonfly), or set cache.enabled: false',
    });
  }
  return out;
}

function helmValues(v: Values, ctx: ComponentContext): Record<string, unknown> {
  const s3 = v.storage.s3;
  const cls = storageClassOf(v.storage.volume, ctx.facts);
  const rw = remoteWrite(v, ctx);
  const cache = cacheOf(v, ctx);
  const credentials = s3 ? secretName(s3.credentials, S3_SECRET) : undefined;
  return {
    tempo: {
      retention: v.retention,
      reportingEnabled: false,
      // The chart's Service template reads every receiver's endpoint (a receiver set to null fails
      // the render), so one that is off stays declared but listens on the pod's loopback only.
      receivers: {
        jaeger: {
          protocols: {
            grpc: { endpoint: `${LOOPBACK}:14250` },
            thrift_binary: { endpoint: `${LOOPBACK}:6832` },
            thrift_compact: { endpoint: `${LOOPBACK}:6831` },
            thrift_http: { endpoint: `${LOOPBACK}:14268` },
          },
        },
        otlp: {
          protocols: {
            grpc: { endpoint: `${v.receivers.otlpGrpc ? ANY : LOOPBACK}:${PORTS.otlpGrpc}` },
            http: { endpoint: `${v.receivers.otlpHttp ? ANY : LOOPBACK}:${PORTS.otlpHttp}` },
          },
        },
        // Receivers listen on localhost unless told otherwise.
        ...(v.receivers.zipkin ? { zipkin: { endpoint: `${ANY}:${PORTS.zipkin}` } } : {}),
      },
      storage: {
        trace: s3
          ? {
              backend: 's3',
              s3: {
                bucket: s3.bucket,
                endpoint: s3.port !== undefined ? `${s3.endpoint}:${s3.port}` : s3.endpoint,
                ...(s3.region ? { region: s3.region } : {}),
                forcepathstyle: s3.forcePathStyle,
                insecure: s3.insecure,
              },
              wal: { path: '/var/tempo/wal' },
            }
          : { backend: 'local', local: { path: '/var/tempo/traces' }, wal: { path: '/var/tempo/wal' } },
      },
      ...(s3 && credentials ? { extraEnvFrom: [{ secretRef: { name: credentials } }] } : {}),
      metricsGenerator: rw
        ? {
            enabled: true,
            // A typed URL goes here; a derived one comes from the stack rule (see derive).
            ...(rw.because ? {} : { remoteWriteUrl: rw.url }),
            // On the volume: the root file system is read-only, and /tmp is not a volume.
            storage: { path: '/var/tempo/generator/wal' },
            traces_storage: { path: '/var/tempo/generator/traces' },
          }
        : { enabled: false },
      // Enabling the generator alone generates nothing: the processors are per tenant.
      ...(rw ? { overrides: { defaults: { metrics_generator: { processors: [...v.metricsGenerator.processors] } } } } : {}),
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      ...(resourcesOf(v.resources) ? { resources: resourcesOf(v.resources) } : {}),
    },
    // The chart's pod context lacks the seccomp profile that restricted requires.
    securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    persistence: { enabled: true, size: v.storage.volume.size, ...(cls ? { storageClassName: cls } : {}) },
    ...(monitored(v.monitoring, ctx.facts) ? { serviceMonitor: { enabled: true } } : {}),
    // The chart's config template has no cache section: append one (the template stays the chart's).
    ...(cache ? { config: configWithCache(`${cache.host}:${v.cache.port}`, ctx.chartVersion) } : {}),
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

/** The chart's config template with a Memcached cache for bloom filters and Parquet footers. */
function configWithCache(address: string, chartVersion: string | undefined): string {
  const base = DEFAULT_CONFIG[chartVersion ?? ''] ?? DEFAULT_CONFIG['2.2.4']!;
  const cache = {
    cache: {
      caches: [
        {
          roles: ['bloom', 'parquet-footer'],
          // `dns+` resolves the Service to its pods' addresses.
          memcached: { addresses: `dns+${address}`, timeout: '500ms', max_idle_conns: 16 },
        },
      ],
    },
  };
  return `${base}${stringify(cache)}`;
}

/** The Dragonfly Tempo declares for its cache (dragonflydb.io/v1alpha1), restricted like Tempo. */
function dragonfly(v: Values, ctx: ComponentContext): KubeObject {
  const memory = v.cache.dragonfly.memory;
  return {
    apiVersion: `${DRAGONFLY.group}/v1alpha1`,
    kind: DRAGONFLY.resource,
    metadata: { name: v.cache.dragonfly.name, namespace: ctx.namespace },
    spec: {
      replicas: 1,
      memcachedPort: v.cache.port,
      // A cache: evict the least recently used keys at the memory limit.
      args: ['--maxmemory=$(MAX_MEMORY)Mi', '--proactor_threads=2', '--cache_mode=true'],
      env: [{ name: 'MAX_MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }],
      resources: { requests: { cpu: '50m', memory }, limits: { memory } },
      // The image starts as root and drops to `dfly` (uid 999) itself: restricted needs the uid given.
      podSecurityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  };
}

/** The default config template of a chart version, for the byte-for-byte test against values.yaml. */
export const TEMPO_DEFAULT_CONFIG = DEFAULT_CONFIG;
