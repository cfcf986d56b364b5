/**
 * Spegel: a stateless peer-to-peer OCI registry mirror. A DaemonSet serves the image layers already in
 * each node's containerd to the other nodes, and writes containerd `hosts.toml` mirror entries so that
 * pulls try the local Spegel first. The containerd paths differ by distribution: `platform` picks them.
 */
import { defineComponent, Monitoring, scrapedBy, Port, Quantity, StringEnum, Type, Url, withDefault, type Resolved, type Static } from '@fluxgen/core';

/** Where each distribution keeps containerd's socket, registry host configs and content store. */
const PLATFORMS = {
  talos: {
    title: 'Talos',
    containerdSock: '/run/containerd/containerd.sock',
    containerdRegistryConfigPath: '/etc/cri/conf.d/hosts',
    containerdContentPath: '/var/lib/containerd/io.containerd.content.v1.content',
  },
  k3s: {
    title: 'k3s',
    containerdSock: '/run/k3s/containerd/containerd.sock',
    containerdRegistryConfigPath: '/var/lib/rancher/k3s/agent/etc/containerd/certs.d',
    containerdContentPath: '/var/lib/rancher/k3s/agent/containerd/io.containerd.content.v1.content',
  },
  containerd: {
    title: 'stock containerd (kubeadm, most distributions)',
    containerdSock: '/run/containerd/containerd.sock',
    containerdRegistryConfigPath: '/etc/containerd/certs.d',
    containerdContentPath: '/var/lib/containerd/io.containerd.content.v1.content',
  },
} as const;
type Platform = keyof typeof PLATFORMS;
const PLATFORM_NAMES: readonly [Platform, ...Platform[]] = ['talos', 'k3s', 'containerd'];

/** The chart's NodePort of the registry Service (`service.registry.nodePort`), kept. */
const REGISTRY_NODE_PORT = 30021;

/** The chart's memory request, kept; only the limit is typed. */
const MEMORY_REQUEST = '128Mi';

/** The typed values of the Spegel component. */
export const SpegelValuesSchema = Type.Object({
  platform: withDefault(
    StringEnum(PLATFORM_NAMES, {
      description:
        'The node OS, which decides containerd\'s paths (`spegel.containerdSock`, `spegel.containerdRegistryConfigPath`, `spegel.containerdContentPath`): `talos` (`/etc/cri/conf.d/hosts`), `k3s` (`/var/lib/rancher/k3s/agent/…`) or `containerd` (`/etc/containerd/certs.d`).',
    }),
    'talos',
  ),
  mirroredRegistries: withDefault(
    Type.Array(Url({ schemes: ['https', 'http'], description: 'A registry URL, e.g. `https://ghcr.io`.' }), {
      maxItems: 64,
      uniqueItems: true,
      description:
        'Registries Spegel writes mirror configuration for (`spegel.mirroredRegistries`), as URLs like `https://docker.io`. Empty: every registry.',
    }),
    [],
  ),
  prependExisting: withDefault(
    Type.Boolean({
      description:
        'Keep mirror entries already in the nodes\' hosts.toml files and put Spegel first (`spegel.prependExisting`; was `appendMirrors` before). Off: Spegel\'s files replace them.',
    }),
    false,
  ),
  resolveTags: withDefault(
    Type.Boolean({ description: 'Serve tag lookups from peers too, not only digests (`spegel.resolveTags`). Off: tags always resolve upstream.' }),
    true,
  ),
  hostPort: withDefault(
    Port({
      description:
        'Node port containerd reaches the local Spegel on (`service.registry.hostPort`). Keep it outside the NodePort range 30000-32767 (the chart\'s 30020 is inside it), so it cannot clash with a NodePort Service.',
    }),
    29999,
  ),
  memoryLimit: withDefault(
    Quantity({ description: `Memory limit of each Spegel pod (\`resources.limits.memory\`; the request stays ${MEMORY_REQUEST}). The chart's 128Mi is tight during large pulls.` }),
    '512Mi',
  ),
  monitoring: Monitoring({ description: 'Scrape Spegel\'s metrics (:9090, `spegel_mirror_requests_total`) with a ServiceMonitor (`serviceMonitor.enabled`).' }),
  grafanaDashboard: withDefault(
    Type.Boolean({
      description:
        'Ship the Spegel dashboard as a ConfigMap for the Grafana sidecar (`grafanaDashboard`, labelled `grafana_dashboard: "1"`, folder `Spegel`).',
    }),
    false,
  ),
});
export type SpegelValues = Static<typeof SpegelValuesSchema>;

type Values = Resolved<typeof SpegelValuesSchema>;

const registries = (v: Values) => (v.mirroredRegistries.length > 0 ? v.mirroredRegistries.join(', ') : 'every registry');

export const spegel = defineComponent({
  name: 'spegel',
  title: 'Spegel',
  summary: 'Peer-to-peer registry mirror: nodes pull image layers from each other before going upstream',
  category: 'core',
  namespace: 'kube-system',
  // hostPath mounts (containerd socket, registry config, content store) and a hostPort.
  podSecurity: 'privileged',
  chart: {
    name: 'spegel',
    // renovate: datasource=docker depName=ghcr.io/spegel-org/helm-charts/spegel
    version: '0.7.4',
    // Published as an OCI artifact only (no HTTP repository); tag without `v`.
    oci: 'oci://ghcr.io/spegel-org/helm-charts/spegel',
  },
  chartData: new URL('../chart/', import.meta.url),
  docs: [
    { title: 'Spegel', url: 'https://spegel.dev/docs/getting-started/' },
    { title: 'Compatibility', url: 'https://github.com/spegel-org/spegel/blob/main/docs/COMPATIBILITY.md' },
    { title: 'Helm chart', url: 'https://github.com/spegel-org/spegel/tree/main/charts/spegel' },
    { title: 'Spegel on Talos', url: 'https://docs.siderolabs.com/kubernetes-guides/advanced-guides/spegel' },
  ],
  values: SpegelValuesSchema,
  check: (v) =>
    v.hostPort === REGISTRY_NODE_PORT
      ? [
          {
            path: 'hostPort',
            message: `is the NodePort of Spegel's own registry Service (${REGISTRY_NODE_PORT}): kube-proxy already holds it on every node`,
            got: v.hostPort,
            hint: 'keep the default 29999, or another port outside 30000-32767',
          },
        ]
      : [],
  helmValues: (v) => {
    const paths = PLATFORMS[v.platform];
    return {
      spegel: {
        containerdSock: paths.containerdSock,
        containerdRegistryConfigPath: paths.containerdRegistryConfigPath,
        containerdContentPath: paths.containerdContentPath,
        ...(v.mirroredRegistries.length > 0 ? { mirroredRegistries: v.mirroredRegistries } : {}),
        prependExisting: v.prependExisting,
        resolveTags: v.resolveTags,
      },
      service: { registry: { hostPort: v.hostPort } },
      resources: { requests: { memory: MEMORY_REQUEST }, limits: { memory: v.memoryLimit } },
      ...(v.monitoring ? { serviceMonitor: { enabled: true } } : {}),
      ...(v.grafanaDashboard
        ? {
            grafanaDashboard: {
              enabled: true,
              mode: 'Sidecar',
              labels: { grafana_dashboard: '1' },
              annotations: { grafana_folder: 'Spegel' },
            },
          }
        : {}),
    };
  },
  features: (v) => [
    `Mirrors ${registries(v)} through the local Spegel on host port ${v.hostPort}${v.prependExisting ? ', in front of existing mirrors' : ''}`,
    `containerd paths for ${PLATFORMS[v.platform].title}: registry config \`${PLATFORMS[v.platform].containerdRegistryConfigPath}\``,
    ...(v.platform === 'talos'
      ? [
          'Prerequisite (machine config, not set by fluxgen): containerd must keep unpacked layers, `discard_unpacked_layers = false` in a CRI config part under `/etc/cri/conf.d/` (Sidero\'s Spegel guide); without it Spegel has nothing to serve',
        ]
      : []),
    `Tags ${v.resolveTags ? 'and digests' : 'resolve upstream; digests'} are served by peers; memory limit ${v.memoryLimit}`,
    ...(v.grafanaDashboard ? ['Grafana dashboard ConfigMap for the sidecar (`grafana_dashboard: "1"`, folder Spegel)'] : []),
  ],
  security: (v) => [
    `Privileged namespace: mounts the containerd socket, content store and \`${PLATFORMS[v.platform].containerdRegistryConfigPath}\` from every node, and listens on host port ${v.hostPort}`,
    'Any pod that can reach a node\'s host port can pull every image layer cached on that node (no authentication by default)',
    'Writes and, on uninstall, removes the containerd mirror configuration on every node',
  ],
  readme: (v, ctx) => ({
    pods: ['app.kubernetes.io/name=spegel'],
    health: [
      { command: `kubectl -n ${ctx.namespace} get ds ${ctx.name}`, expect: 'READY equal to DESIRED (one pod per node)' },
      { command: `kubectl -n ${ctx.namespace} logs ds/${ctx.name} | grep -i error`, expect: 'nothing' },
    ],
    symptoms: [
      { symptom: 'Spegel pods crash at start with a containerd configuration error', check: `\`platform\` (${v.platform}) must match the node OS: its containerd paths are \`${PLATFORMS[v.platform].containerdRegistryConfigPath}\`` },
      { symptom: 'Pulls never come from peers', check: v.platform === 'talos' ? 'the Talos machine config must set `discard_unpacked_layers = false`; the first pull of an image always goes upstream' : 'the first pull of an image always goes upstream; check the hosts.toml files on the node' },
    ],
    topics: [{ topic: 'maintenance', facts: [`Spegel mirrors ${registries(v)} between nodes (host port ${v.hostPort})`] }],
    diagrams: v.monitoring ? [scrapedBy(ctx.name, 'Spegel', ctx.namespace)] : [],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Mirror configuration on a node (one directory per mirrored registry, each with hosts.toml)',
      commands:
        v.platform === 'talos'
          ? [`talosctl -n <node> ls ${PLATFORMS.talos.containerdRegistryConfigPath}`, `talosctl -n <node> read ${PLATFORMS.talos.containerdRegistryConfigPath}/docker.io/hosts.toml`]
          : [`ls ${PLATFORMS[v.platform].containerdRegistryConfigPath}`, `cat ${PLATFORMS[v.platform].containerdRegistryConfigPath}/docker.io/hosts.toml`],
    },
    {
      title: 'Pulls are never served by peers: only cache misses in the metrics (the first pull of an image always goes upstream)',
      commands: [
        `kubectl -n ${ctx.namespace} logs ds/${ctx.name} | grep -i -E 'error|mirror'`,
        ...(v.platform === 'talos' ? ['talosctl -n <node> read /etc/cri/conf.d/cri.toml | grep discard_unpacked_layers'] : []),
      ],
    },
    {
      title: `Pods Pending or failing on the host port ${v.hostPort}: another workload or a NodePort Service holds it`,
      commands: [`kubectl -n ${ctx.namespace} get ds ${ctx.name}`, `kubectl get svc -A -o wide | grep ${v.hostPort}`],
    },
  ],
});
