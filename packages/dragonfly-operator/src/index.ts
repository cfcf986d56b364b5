/**
 * dragonfly-operator: runs DragonflyDB, a Redis- and Memcached-compatible in-memory store, from
 * `Dragonfly` custom resources. The chart installs and upgrades the CRD itself; the typed instances
 * are `Dragonfly` objects applied once the CRD is in (`config/`). Other components (Tempo's cache)
 * read the `operator` fact and emit a `Dragonfly` of their own next to themselves.
 */
import {
  Cron,
  defineComponent,
  Monitoring,
  monitored,
  Name,
  Port,
  Quantity,
  Size,
  Storage,
  storageClassOf,
  scrapedBy,
  Type,
  withDefault,
  type ComponentContext,
  type Fact,
  type KubeObject,
  type Resolved,
  type Static,
} from '@fluxgen/core';

/** The API group and kind the operator reconciles (its CRD). */
const GROUP = 'dragonflydb.io';
const KIND = 'Dragonfly';
/** The Redis port of an instance's Service. */
const REDIS_PORT = 6379;

const Instance = Type.Object(
  {
    name: Name({ description: 'Name of the Dragonfly object, its Service and its pods (`metadata.name`).' }),
    namespace: Type.Optional(Name({ description: "Namespace of the instance; must exist in the cluster. Default: the component's namespace." })),
    replicas: withDefault(
      Type.Integer({ minimum: 1, maximum: 9, description: 'Pods, the master included (`spec.replicas`): 1 for a cache, 2 or more for a master with failover replicas.' }),
      1,
    ),
    memory: withDefault(
      Size({ description: 'Memory limit of each pod (`spec.resources.limits.memory`); Dragonfly is started with `--maxmemory` tied to it, so it evicts or refuses writes before it is OOM-killed.' }),
      '512Mi',
    ),
    cpu: withDefault(Quantity({ description: 'CPU request of each pod (`spec.resources.requests.cpu`).' }), '50m'),
    threads: withDefault(
      Type.Integer({ minimum: 1, maximum: 64, description: 'Dragonfly I/O threads (`--proactor_threads`); Dragonfly uses every core of the node without it.' }),
      2,
    ),
    cacheMode: withDefault(
      Type.Boolean({ description: 'Evict the least recently used keys when memory is full instead of refusing writes (`--cache_mode`). On for a cache, off for data that must stay.' }),
      false,
    ),
    memcachedPort: Type.Optional(
      Port({ description: 'Also speak the Memcached protocol on this port (`spec.memcachedPort`, usually 11211): the operator adds the flag and a Service port `memcached`.' }),
    ),
    snapshot: Type.Optional(
      Type.Object(
        {
          cron: Cron({ description: 'When a snapshot is written (`spec.snapshot.cron`), e.g. `0 */6 * * *`.' }),
          volume: Storage({ defaultSize: '1Gi', description: 'Volume the snapshots are written to (`spec.snapshot.persistentVolumeClaimSpec`); read back when a pod starts.' }),
        },
        { additionalProperties: false, description: 'Snapshots to a volume, so that the data survives a restart. Unset: the data lives in memory only.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'A Dragonfly instance (`dragonflydb.io/v1alpha1` Dragonfly).' },
);

/** The typed values of dragonfly-operator. */
export const DragonflyOperatorValuesSchema = Type.Object({
  resources: withDefault(
    Type.Object(
      {
        cpu: withDefault(Quantity({ description: 'CPU request of the operator (`manager.resources.requests.cpu`).' }), '10m'),
        memory: withDefault(Size({ description: 'Memory request and limit of the operator (`manager.resources`).' }), '128Mi'),
      },
      { additionalProperties: false, description: 'Resources of the operator\'s manager container.' },
    ),
    {},
  ),
  instances: withDefault(
    Type.Array(Instance, { uniqueBy: 'name', maxItems: 64, description: 'Dragonfly instances, applied once the CRD is in (`config/`).' }),
    [],
  ),
  dashboards: Type.Optional(
    Type.Boolean({
      description:
        'Ship the operator\'s Grafana dashboard as a ConfigMap (`grafanaDashboard.enabled`), in the folder `Dragonfly`. Default: on when the cluster has a dashboard loader that watches this namespace and takes any label value (the chart labels each dashboard with its own name).',
    }),
  ),
  monitoring: Monitoring({
    derived: true,
    description:
      'ServiceMonitor for the operator\'s metrics through kube-rbac-proxy (`serviceMonitor.enabled`). Default: on when the cluster runs a Prometheus Operator that watches every namespace.',
  }),
});
export type DragonflyOperatorValues = Static<typeof DragonflyOperatorValuesSchema>;
type Values = Resolved<typeof DragonflyOperatorValuesSchema>;
type InstanceValue = Values['instances'][number];

/** Restricted Pod Security for the operator pod. */
const POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
/**
 * Restricted Pod Security for instance pods (they often run in restricted namespaces such as
 * `monitoring`). The Dragonfly image starts as root and drops to its `dfly` user (uid and gid 999)
 * in its entrypoint; `runAsNonRoot` alone would refuse that image, so the uid is given.
 */
const INSTANCE_POD_SECURITY = { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_SECURITY = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

export const dragonflyOperator = defineComponent({
  name: 'dragonfly-operator',
  title: 'Dragonfly Operator',
  summary: 'Runs DragonflyDB, a Redis- and Memcached-compatible in-memory store, from Dragonfly custom resources',
  category: 'core',
  // The upstream kustomize default; the chart documents no other.
  namespace: 'dragonfly-operator-system',
  // The manager and kube-rbac-proxy drop every capability and run as non-root; the seccomp profile is added below.
  podSecurity: 'restricted',
  // OCI only, and the chart version has a `v` prefix (`1.6.1` does not resolve).
  // renovate: datasource=docker depName=ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator
  chart: { name: 'dragonfly-operator', version: 'v1.6.1', oci: 'oci://ghcr.io/dragonflydb/dragonfly-operator/helm/dragonfly-operator' },
  docs: [
    { title: 'Dragonfly Operator', url: 'https://github.com/dragonflydb/dragonfly-operator' },
    { title: 'Installing the operator', url: 'https://www.dragonflydb.io/docs/managing-dragonfly/operator/installation' },
    { title: 'Dragonfly configuration (the custom resource)', url: 'https://www.dragonflydb.io/docs/managing-dragonfly/operator/dragonfly-configuration' },
    { title: 'Dragonfly flags', url: 'https://www.dragonflydb.io/docs/managing-dragonfly/flags' },
  ],
  values: DragonflyOperatorValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  crds: new URL('../crds/', import.meta.url),
  helmValues: (v, ctx) => {
    const on = monitored(v.monitoring, ctx.facts);
    return {
      // The CRD is a chart template: installed and upgraded with the release, kept when it is removed
      // (`helm.sh/resource-policy: keep`), so that uninstalling never deletes an instance.
      crds: { install: true, keep: true },
      // The chart's pod context has runAsNonRoot only; restricted also needs the seccomp profile.
      podSecurityContext: POD_SECURITY,
      manager: {
        resources: { requests: { cpu: v.resources.cpu, memory: v.resources.memory }, limits: { memory: v.resources.memory } },
      },
      ...(v.dashboards === true ? { grafanaDashboard: dashboardValues(ctx) } : {}),
      ...(on
        ? {
            // The metrics sit behind kube-rbac-proxy (HTTPS, 8443): the chart binds the metrics
            // reader role to the Prometheus ServiceAccount of the collector, when one is known.
            serviceMonitor: { enabled: true, ...readerBinding(ctx) },
          }
        : {}),
    };
  },
  derive: (v, ctx) => {
    const loader = v.dashboards === undefined ? dashboardLoader(ctx) : undefined;
    return loader
      ? [
          {
            helmPath: 'grafanaDashboard',
            value: dashboardValues(ctx),
            valuePath: 'dashboards',
            because: loader,
            reason: 'the dashboard loader picks up ConfigMaps with its label: the operator\'s dashboard lands in its folder `Dragonfly`',
          },
        ]
      : [];
  },
  objects: (v, ctx) => v.instances.flatMap((i) => instanceObjects(i, ctx)),
  provides: () => ({ crd: [GROUP] }),
  facts: (v, ctx) => [
    { kind: 'operator', group: GROUP, resource: KIND },
    ...v.instances.flatMap((i, n): Fact[] => {
      const host = `${i.name}.${i.namespace ?? ctx.namespace}.svc.cluster.local`;
      return [
        { kind: 'endpoint', name: `dragonfly/${i.namespace ?? ctx.namespace}/${i.name}`, url: `redis://${host}:${REDIS_PORT}`, path: `instances[${n}]` },
        ...(i.memcachedPort !== undefined
          ? [{ kind: 'endpoint' as const, name: `memcached/${i.namespace ?? ctx.namespace}/${i.name}`, url: `${host}:${i.memcachedPort}`, path: `instances[${n}].memcachedPort` }]
          : []),
      ];
    }),
  ],
  features: (v, ctx) => [
    'CRD installed and upgraded with the release, kept when it is removed (`crds.install`, `crds.keep`)',
    ...((v.dashboards ?? dashboardLoader(ctx) !== undefined) ? ['Grafana dashboard shipped as a ConfigMap (folder `Dragonfly`)'] : []),
    ...v.instances.map((i) => `Instance ${describeInstance(i, ctx)}`),
  ],
  security: (v) => [
    'The operator runs restricted (non-root, no capabilities, RuntimeDefault seccomp); its metrics are behind kube-rbac-proxy',
    'Instance pods run restricted too (non-root, no capabilities, RuntimeDefault seccomp)',
    ...(v.instances.length > 0
      ? ['Instances take no password: any pod that reaches their Service can read and write every key, so keep them to caches (or declare a Dragonfly with `authentication` in `objects`)']
      : []),
    'The operator gives each instance a NetworkPolicy that admits only the operator and its peers to the admin port (9999)',
  ],
  readme: (v, ctx) => ({
    pods: [`app.kubernetes.io/instance=${ctx.name}`, 'app.kubernetes.io/name=dragonfly'],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy -l app.kubernetes.io/instance=${ctx.name}`, expect: 'the operator READY 1/1' },
      { command: 'kubectl get crd dragonflies.dragonflydb.io', expect: 'the CRD exists' },
      ...(v.instances.length > 0 ? [{ command: 'kubectl get dragonflies -A', expect: `${v.instances.map((i) => i.name).join(', ')} PHASE ready` }] : []),
    ],
    symptoms: [
      { symptom: 'A Dragonfly object applies but no pods appear', check: `the operator logs: \`kubectl -n ${ctx.namespace} logs deploy/${fullname(ctx.name)}\`` },
      { symptom: 'Clients get `connection refused` on the Memcached port', check: 'the instance has `memcachedPort` and its Service a `memcached` port: `kubectl get svc <name> -o yaml`' },
      { symptom: 'Instance pods are OOM-killed', check: 'the memory limit: Dragonfly is started with `--maxmemory` tied to it; raise `memory`' },
    ],
    topics: v.instances.length > 0
      ? [{ topic: 'storage', facts: v.instances.map((i) => `Dragonfly ${describeInstance(i, ctx)}`) }]
      : [],
    diagrams: monitored(v.monitoring, ctx.facts) ? [scrapedBy(ctx.name, 'Dragonfly Operator', ctx.namespace)] : [],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Operator and CRD',
      commands: [
        `kubectl -n ${ctx.namespace} get deploy,pods`,
        `kubectl -n ${ctx.namespace} logs deploy/${fullname(ctx.name)} --tail=100`,
        'kubectl get crd dragonflies.dragonflydb.io',
      ],
    },
    ...v.instances.map((i) => {
      const ns = i.namespace ?? ctx.namespace;
      return {
        title: `Instance ${ns}/${i.name} (PHASE must be ready)`,
        commands: [
          `kubectl -n ${ns} get dragonfly ${i.name}`,
          `kubectl -n ${ns} get pods -l app=${i.name} -L role`,
          `kubectl -n ${ns} get svc ${i.name} -o wide`,
          ...(i.memcachedPort !== undefined ? [`kubectl -n ${ns} exec ${i.name}-0 -- sh -c 'printf "stats\\r\\nquit\\r\\n" | nc localhost ${i.memcachedPort} | head'`] : []),
        ],
      };
    }),
  ],
});

/** The operator Deployment: the release name when it names the chart, else `<release>-dragonfly-operator` (chart helper `fullname`). */
function fullname(release: string): string {
  return release.includes('dragonfly-operator') ? release : `${release}-dragonfly-operator`;
}

/**
 * The cluster's dashboard loader, when it watches this namespace and takes any label value: the
 * chart sets the label's value to each dashboard's name, which a loader asking for one value misses.
 */
function dashboardLoader(ctx: ComponentContext) {
  const loader = ctx.facts.one('dashboard-loader');
  if (!loader || loader.value !== '') return undefined;
  return loader.namespaces.length === 0 || loader.namespaces.includes(ctx.namespace) ? loader : undefined;
}

/** The chart's dashboard values: the loader's label and folder annotation names (the chart's defaults without one). */
function dashboardValues(ctx: ComponentContext): Record<string, unknown> {
  const loader = ctx.facts.one('dashboard-loader');
  return {
    enabled: true,
    folder: 'Dragonfly',
    ...(loader ? { labels: { name: loader.label }, annotations: { name: loader.folderAnnotation } } : {}),
  };
}

/** The kube-rbac-proxy binding for the collector's Prometheus ServiceAccount (kube-prometheus-stack's naming). */
function readerBinding(ctx: ComponentContext): Record<string, unknown> {
  const collector = ctx.facts.one('metrics-collector');
  if (!collector) return {};
  return {
    rbacProxyMetricsReader: {
      create: true,
      serviceAccountName: `${collector.from}-prometheus`,
      serviceAccountNamespace: collector.namespace,
    },
  };
}

function describeInstance(i: InstanceValue, ctx: ComponentContext): string {
  const ns = i.namespace ?? ctx.namespace;
  return `\`${ns}/${i.name}\`: ${i.replicas} pod${i.replicas > 1 ? 's' : ''} of ${i.memory}${i.cacheMode ? ', cache mode' : ''}, Redis on \`${i.name}.${ns}.svc:${REDIS_PORT}\`${i.memcachedPort !== undefined ? `, Memcached on port ${i.memcachedPort}` : ''}${i.snapshot ? `, snapshots at \`${i.snapshot.cron}\` to ${i.snapshot.volume.size}` : ', in memory only'}`;
}

/** A Dragonfly object (dragonflydb.io/v1alpha1). */
function instanceObjects(i: InstanceValue, ctx: ComponentContext): KubeObject[] {
  const storageClass = i.snapshot ? storageClassOf(i.snapshot.volume, ctx.facts) : undefined;
  return [
    {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: KIND,
      metadata: { name: i.name, namespace: i.namespace ?? ctx.namespace },
      spec: {
        replicas: i.replicas,
        args: [
          // MAX_MEMORY is the memory limit in MiB (env below): Dragonfly stays under its limit.
          '--maxmemory=$(MAX_MEMORY)Mi',
          `--proactor_threads=${i.threads}`,
          ...(i.cacheMode ? ['--cache_mode=true'] : []),
        ],
        env: [{ name: 'MAX_MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }],
        resources: { requests: { cpu: i.cpu, memory: i.memory }, limits: { memory: i.memory } },
        ...(i.memcachedPort !== undefined ? { memcachedPort: i.memcachedPort } : {}),
        ...(i.snapshot
          ? {
              snapshot: {
                cron: i.snapshot.cron,
                persistentVolumeClaimSpec: {
                  accessModes: ['ReadWriteOnce'],
                  ...(storageClass ? { storageClassName: storageClass } : {}),
                  resources: { requests: { storage: i.snapshot.volume.size } },
                },
              },
            }
          : {}),
        podSecurityContext: INSTANCE_POD_SECURITY,
        containerSecurityContext: CONTAINER_SECURITY,
      },
    },
  ];
}
