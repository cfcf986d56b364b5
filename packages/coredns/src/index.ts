/**
 * CoreDNS: the cluster DNS, installed from the upstream chart in place of the distribution's own
 * (Talos: `cluster.coreDNS.disabled: true`), so that the Corefile lives in Git. The Service keeps the
 * names every tool expects: `kube-dns`, label `k8s-app: kube-dns`, and the fixed ClusterIP kubelets
 * hand to pods as their resolver.
 */
import {
  defineComponent,
  DnsSubdomain,
  Hostname,
  IpAddress,
  Monitoring,
  scrapedBy,
  Port,
  StringEnum,
  Type,
  withDefault,
  type HelmValues,
  type Resolved,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';

/** The Service name and `k8s-app` label kubelets, kube-prometheus-stack and `kubectl` look for. */
const SERVICE_NAME = 'kube-dns';
/** CoreDNS's `prometheus` plugin port. */
const METRICS_PORT = 9153;
/** The `forward` plugin accepts at most 15 upstreams. */
const MAX_FORWARDERS = 15;

const Forwarders = (description: string) =>
  withDefault(
    Type.Array(IpAddress({ description: 'An upstream resolver (IPv4 or IPv6), port 53 (853 with `tlsServerName`).' }), {
      maxItems: MAX_FORWARDERS,
      uniqueItems: true,
      description,
    }),
    [],
  );

const TlsServerName = Type.Optional(
  Hostname({
    description:
      'Forward over DNS-over-TLS: the name the upstreams\' certificates carry (`tls_servername`, e.g. `cloudflare-dns.com` for 1.1.1.1). The forwarders are then reached as `tls://<ip>` on port 853. Unset: plain DNS.',
  }),
);

const ForwarderPort = Type.Optional(
  Port({
    description:
      'Port of the forwarders, when not the standard one (53, or 853 with `tlsServerName`), e.g. a Pi-hole or Blocky on 5353. Written as `<ip>:<port>` (`[<ipv6>]:<port>`).',
  }),
);

const CacheSeconds = withDefault(
  Type.Integer({ minimum: 1, maximum: 86400, description: 'Longest time in seconds an answer is cached (`cache <seconds>`).' }),
  30,
);

const HostEntry = Type.Object(
  {
    address: IpAddress({ description: 'The address the names resolve to.' }),
    names: Type.Array(Hostname({ description: 'A fully qualified name, e.g. `nas.home.arpa`.' }), {
      minItems: 1,
      maxItems: 64,
      uniqueItems: true,
      description: 'Names that resolve to `address` (one `hosts` line).',
    }),
  },
  { description: 'A static record of the `hosts` plugin: an address and the names that resolve to it.' },
);

const Hosts = (description: string) =>
  withDefault(Type.Array(HostEntry, { maxItems: 512, uniqueBy: 'address', description }), []);

const Zone = Type.Object(
  {
    zone: Hostname({
      description:
        'The domain the block answers for (`home.arpa`, `lan.example.com`, `168.192.in-addr.arpa`); queries for it and below go here instead of the default upstreams.',
    }),
    forwarders: Forwarders(
      'Resolvers for this zone, e.g. the home router or an internal DNS server (`forward . <ips>`). Empty: only `hosts` answers, and other names in the zone get NXDOMAIN.',
    ),
    tlsServerName: TlsServerName,
    forwarderPort: ForwarderPort,
    cacheSeconds: CacheSeconds,
    hosts: Hosts(
      'Static records for names in this zone (`hosts` plugin). With forwarders, names not listed fall through to them.',
    ),
  },
  { description: 'A server block for one domain (split DNS): its own forwarders, cache and static records.' },
);

/** The typed values of the CoreDNS component. */
export const CorednsValuesSchema = Type.Object({
  clusterIP: IpAddress({
    description:
      'ClusterIP of the `kube-dns` Service (`service.clusterIP`). It must equal the kubelets\' `clusterDNS`, normally the 10th address of the service CIDR (`10.96.0.10` for `10.96.0.0/12`).',
  }),
  clusterDomain: withDefault(
    DnsSubdomain({ description: 'Cluster domain the `kubernetes` plugin answers for (kubelet `clusterDomain`).' }),
    'cluster.local',
  ),
  replicas: withDefault(
    Type.Integer({ minimum: 1, maximum: 10, description: 'CoreDNS replicas (`replicaCount`). 2 or more also adds a PodDisruptionBudget (minAvailable 1).' }),
    2,
  ),
  forwarders: Forwarders(
    'Upstream resolvers for every name outside the cluster and the `zones` (`forward . <ips>`). Empty: the node\'s `/etc/resolv.conf`, which loops if it points back at the cluster DNS.',
  ),
  tlsServerName: TlsServerName,
  forwarderPort: ForwarderPort,
  cacheSeconds: CacheSeconds,
  hosts: Hosts(
    'Static records answered for any zone before the cluster and the upstreams (`hosts` plugin with `fallthrough`), e.g. a LAN name that must resolve to an internal address (split DNS).',
  ),
  zones: withDefault(
    Type.Array(Zone, {
      maxItems: 32,
      uniqueBy: 'zone',
      description: 'Extra server blocks, one per domain (split DNS): conditional forwarding and static records.',
    }),
    [],
  ),
  queryLog: withDefault(
    StringEnum(['none', 'errors', 'all'], {
      description: 'Which queries to log (`log` plugin): `none`, `errors` (`log { class error }`: SERVFAIL, REFUSED, …) or `all` (every query; noisy).',
    }),
    'errors',
  ),
  placement: withDefault(
    StringEnum(['control-plane', 'any'], {
      description:
        '`control-plane` runs CoreDNS on control-plane nodes only (nodeSelector `node-role.kubernetes.io/control-plane` and its NoSchedule toleration), so DNS does not depend on workers; `any` lets the scheduler pick.',
    }),
    'control-plane',
  ),
  monitoring: Monitoring({
    description:
      'Scrape CoreDNS (:9153) with a ServiceMonitor (`prometheus.service` + `prometheus.monitor`). Turn kube-prometheus-stack\'s own `coreDns` scrape off then, or the series are scraped twice.',
  }),
});
export type CorednsValues = Static<typeof CorednsValuesSchema>;

type Values = Resolved<typeof CorednsValuesSchema>;
type HostEntryValue = Resolved<typeof HostEntry>;

/** A Corefile plugin as the chart's `servers[].plugins[]` takes it. */
interface Plugin {
  name: string;
  parameters?: string | number;
  configBlock?: string;
}

/** `ip`, or `ip:port` (`[ipv6]:port`) when a port is given: the forward plugin's TO syntax. */
const target = (ip: string, port: number | undefined) =>
  port === undefined ? ip : ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

function forwardPlugin(forwarders: readonly string[], tlsServerName: string | undefined, port: number | undefined): Plugin {
  if (forwarders.length === 0) return { name: 'forward', parameters: '. /etc/resolv.conf' };
  const targets = forwarders.map((ip) => `${tlsServerName ? 'tls://' : ''}${target(ip, port)}`);
  return {
    name: 'forward',
    parameters: `. ${targets.join(' ')}`,
    ...(tlsServerName ? { configBlock: `tls_servername ${tlsServerName}` } : {}),
  };
}

function hostsPlugin(entries: readonly HostEntryValue[], fallthrough: boolean): Plugin[] {
  if (entries.length === 0) return [];
  const lines = [...entries.map((e) => `${e.address} ${e.names.join(' ')}`), ...(fallthrough ? ['fallthrough'] : [])];
  return [{ name: 'hosts', configBlock: lines.join('\n') }];
}

function logPlugin(queryLog: Values['queryLog']): Plugin[] {
  if (queryLog === 'none') return [];
  return [queryLog === 'errors' ? { name: 'log', configBlock: 'class error' } : { name: 'log' }];
}

/** The Corefile: the root block (cluster, static records, default upstreams), then one block per zone. */
function servers(v: Values): HelmValues[] {
  const root = {
    zones: [{ zone: '.', scheme: 'dns://', use_tcp: true }],
    port: 53,
    plugins: [
      { name: 'errors' },
      // The chart's liveness and readiness probes use the health (8080) and ready (8181) ports.
      { name: 'health', configBlock: 'lameduck 10s' },
      { name: 'ready' },
      ...logPlugin(v.queryLog),
      ...hostsPlugin(v.hosts, true),
      {
        name: 'kubernetes',
        parameters: `${v.clusterDomain} in-addr.arpa ip6.arpa`,
        configBlock: 'pods insecure\nfallthrough in-addr.arpa ip6.arpa\nttl 30',
      },
      { name: 'prometheus', parameters: `0.0.0.0:${METRICS_PORT}` },
      forwardPlugin(v.forwarders, v.tlsServerName, v.forwarderPort),
      { name: 'cache', parameters: v.cacheSeconds },
      { name: 'loop' },
      { name: 'reload' },
      { name: 'loadbalance' },
    ],
  };
  const zones = v.zones.map((z) => ({
    zones: [{ zone: z.zone, scheme: 'dns://', use_tcp: true }],
    port: 53,
    plugins: [
      { name: 'errors' },
      ...logPlugin(v.queryLog),
      ...hostsPlugin(z.hosts, z.forwarders.length > 0),
      { name: 'prometheus', parameters: `0.0.0.0:${METRICS_PORT}` },
      ...(z.forwarders.length > 0 ? [forwardPlugin(z.forwarders, z.tlsServerName, z.forwarderPort)] : []),
      { name: 'cache', parameters: z.cacheSeconds },
      { name: 'loop' },
    ],
  }));
  return [root, ...zones];
}

/** Whether `name` is `domain` or a name below it. */
const within = (name: string, domain: string) => name === domain || name.endsWith(`.${domain}`);

function problems(v: Values): ValueProblem[] {
  const out: ValueProblem[] = [];
  v.zones.forEach((z, i) => {
    if (z.forwarders.length === 0 && z.hosts.length === 0) {
      out.push({
        path: `zones[${i}].forwarders`,
        code: 'VALUE_MISSING',
        message: `zone ${z.zone} has neither forwarders nor hosts: it would answer nothing`,
        hint: 'give the resolvers of this zone (e.g. the home router) in `forwarders`, static records in `hosts`, or remove the zone',
      });
    }
    if (z.forwarderPort !== undefined && z.forwarders.length === 0) {
      out.push({
        path: `zones[${i}].forwarderPort`,
        message: 'is set but the zone has no forwarders',
        got: z.forwarderPort,
        hint: 'list the resolvers in `forwarders`, or remove `forwarderPort`',
      });
    }
    if (z.tlsServerName !== undefined && z.forwarders.length === 0) {
      out.push({
        path: `zones[${i}].tlsServerName`,
        message: 'is set but the zone has no forwarders to reach over TLS',
        got: z.tlsServerName,
        hint: 'list the DNS-over-TLS resolvers in `forwarders`, or remove `tlsServerName`',
      });
    }
    if (within(z.zone, v.clusterDomain) || within(v.clusterDomain, z.zone)) {
      out.push({
        path: `zones[${i}].zone`,
        message: `overlaps the cluster domain ${v.clusterDomain}, which the kubernetes plugin answers`,
        got: z.zone,
        hint: 'split DNS is for domains outside the cluster: pick a LAN domain such as home.arpa',
      });
    }
    z.hosts.forEach((entry, j) => {
      entry.names.forEach((name, k) => {
        if (!within(name, z.zone)) {
          out.push({
            path: `zones[${i}].hosts[${j}].names[${k}]`,
            message: `is outside the zone ${z.zone}: this block never receives queries for it`,
            got: name,
            hint: `use a name ending in .${z.zone}, or put the record in the top-level \`hosts\``,
          });
        }
      });
    });
  });
  return out;
}

export const coredns = defineComponent({
  name: 'coredns',
  title: 'CoreDNS',
  summary: 'Cluster DNS (`kube-dns`) with the Corefile kept in Git: forwarders, cache and split-DNS zones',
  category: 'networking',
  namespace: 'kube-system',
  // The container adds NET_BIND_SERVICE to bind :53; no seccomp profile or runAsNonRoot in the chart.
  podSecurity: 'baseline',
  chart: {
    name: 'coredns',
    // renovate: datasource=helm depName=coredns registryUrl=https://coredns.github.io/helm
    version: '1.46.2',
    repository: 'https://coredns.github.io/helm',
    oci: 'oci://ghcr.io/coredns/charts/coredns',
  },
  chartData: new URL('../chart/', import.meta.url),
  docs: [
    { title: 'Helm chart', url: 'https://github.com/coredns/helm/tree/master/charts/coredns' },
    { title: 'CoreDNS plugins', url: 'https://coredns.io/plugins/' },
    { title: 'Customizing DNS Service', url: 'https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/' },
    { title: 'Talos: disabling the built-in CoreDNS', url: 'https://www.talos.dev/latest/reference/configuration/v1alpha1/config/#Config.cluster.coreDNS' },
  ],
  values: CorednsValuesSchema,
  rules: [
    { when: 'forwarderPort', require: 'forwarders', because: 'a forwarder port applies to explicit forwarders; /etc/resolv.conf names its own servers' },
    {
      when: 'tlsServerName',
      require: 'forwarders',
      because: 'DNS-over-TLS needs explicit upstream addresses; the node\'s /etc/resolv.conf cannot be reached over TLS',
    },
  ],
  check: (v) => problems(v),
  helmValues: (v, ctx) => ({
    // Both are template-only and end up in the Deployment selector, which is immutable: fixed from day one.
    fullnameOverride: ctx.name,
    k8sAppLabelOverride: SERVICE_NAME,
    serviceAccount: { create: true },
    service: { name: SERVICE_NAME, clusterIP: v.clusterIP },
    replicaCount: v.replicas,
    priorityClassName: 'system-cluster-critical',
    ...(v.replicas > 1 ? { podDisruptionBudget: { minAvailable: 1 } } : {}),
    servers: servers(v),
    ...(v.placement === 'control-plane'
      ? {
          nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          ],
        }
      : {}),
    ...(v.monitoring ? { prometheus: { service: { enabled: true }, monitor: { enabled: true } } } : {}),
  }),
  facts: (v) => [{ kind: 'endpoint' as const, name: 'cluster-dns', url: `dns://${v.clusterIP}:53`, path: 'clusterIP' }],
  features: (v) => [
    `Service \`${SERVICE_NAME}\` at ${v.clusterIP} (label \`k8s-app: ${SERVICE_NAME}\`), cluster domain \`${v.clusterDomain}\``,
    `Upstreams: ${v.forwarders.length > 0 ? `${v.forwarders.join(', ')}${v.forwarderPort ? ` on port ${v.forwarderPort}` : ''}${v.tlsServerName ? ` over DNS-over-TLS (${v.tlsServerName})` : ''}` : 'the node\'s `/etc/resolv.conf`'}; answers cached up to ${v.cacheSeconds}s`,
    ...(v.hosts.length > 0 ? [`Static records: ${v.hosts.flatMap((h) => h.names).join(', ')}`] : []),
    ...v.zones.map(
      (z) =>
        `Zone \`${z.zone}\`: ${[
          ...(z.forwarders.length > 0 ? [`forwarded to ${z.forwarders.join(', ')}${z.forwarderPort ? ` on port ${z.forwarderPort}` : ''}${z.tlsServerName ? ' over TLS' : ''}`] : []),
          ...(z.hosts.length > 0 ? [`${z.hosts.length} static record${z.hosts.length > 1 ? 's' : ''}`] : []),
        ].join(', ')}`,
    ),
    `${v.replicas} replica${v.replicas > 1 ? 's with a PodDisruptionBudget' : ''}, ${v.placement === 'control-plane' ? 'on control-plane nodes' : 'on any node'}, priority \`system-cluster-critical\``,
    `Query log: ${v.queryLog}`,
  ],
  security: (v) => [
    'Binds port 53 with the single added capability `NET_BIND_SERVICE`; read-only root file system, privilege escalation off',
    v.forwarders.length > 0 && v.tlsServerName
      ? `Upstream queries are encrypted (DNS-over-TLS, certificates checked for ${v.tlsServerName})`
      : 'Upstream queries leave the cluster unencrypted (plain DNS)',
    '`pods insecure`: A records for pod IPs are answered without checking that the pod exists (the kube-dns behaviour)',
  ],
  readme: (v, ctx) => ({
    pods: [`k8s-app=${SERVICE_NAME}`],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy ${ctx.name}`, expect: `READY ${v.replicas}/${v.replicas}` },
      { command: `kubectl -n ${ctx.namespace} get svc ${SERVICE_NAME} -o jsonpath='{.spec.clusterIP}'`, expect: v.clusterIP },
      {
        command: `kubectl run dnstest --rm -it --restart=Never --image=busybox:1.36 -- nslookup kubernetes.default.svc.${v.clusterDomain}`,
        expect: 'an answer from the `kubernetes` Service address',
      },
    ],
    symptoms: [
      { symptom: 'Install fails with `provided IP is already allocated`', check: `the distribution's CoreDNS still holds ${v.clusterIP}: turn it off (Talos: \`cluster.coreDNS.disabled: true\`) and delete its \`${SERVICE_NAME}\` Service` },
      { symptom: 'Pods resolve nothing after the switch', check: '`clusterIP` must equal the kubelets\' `clusterDNS`: compare a pod\'s `/etc/resolv.conf` with the Service' },
      { symptom: 'CrashLoopBackOff with `plugin/loop: Loop ... detected`', check: 'the upstream points back at CoreDNS (node resolver 127.0.0.53): set `forwarders`' },
      ...(v.monitoring ? [{ symptom: 'Every CoreDNS series twice in Prometheus', check: 'kube-prometheus-stack\'s own `coreDns` scrape is on as well as this ServiceMonitor: turn one off' }] : []),
    ],
    topics: [
      {
        topic: 'networking',
        section: 'DNS',
        facts: [
          `Cluster DNS: Service \`${SERVICE_NAME}\` at ${v.clusterIP}, upstreams ${v.forwarders.length > 0 ? v.forwarders.join(', ') : 'from the nodes\' resolv.conf'}${v.zones.length > 0 ? `, split DNS for ${v.zones.map((z) => z.zone).join(', ')}` : ''}`,
          ...(v.hosts.length > 0 ? [`Split DNS: ${v.hosts.map((h) => `${h.names.map((n) => `\`${n}\``).join(', ')} → ${h.address}`).join('; ')} inside the cluster`] : []),
        ],
      },
      { topic: 'maintenance', section: 'Scaling', facts: [`CoreDNS: ${v.replicas} replica${v.replicas === 1 ? '' : 's'}${v.placement === 'control-plane' ? ' on the control-plane nodes' : ''}`] },
    ],
    diagrams: v.monitoring ? [scrapedBy(ctx.name, 'CoreDNS', ctx.namespace)] : [],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Service and resolution',
      commands: [
        `kubectl -n ${ctx.namespace} get svc ${SERVICE_NAME} -o jsonpath='{.spec.clusterIP}'`,
        `kubectl run dnstest --rm -it --restart=Never --image=busybox:1.36 -- nslookup kubernetes.default.svc.${v.clusterDomain}`,
        ...v.zones.map((z) => `kubectl run dnstest --rm -it --restart=Never --image=busybox:1.36 -- nslookup ${z.hosts[0]?.names[0] ?? z.zone}`),
      ],
    },
    {
      title: `Install fails with "provided IP is already allocated": the distribution's CoreDNS still holds ${v.clusterIP} (Talos: set cluster.coreDNS.disabled: true, then delete the old objects)`,
      commands: [
        `kubectl -n ${ctx.namespace} get svc,deploy -l k8s-app=${SERVICE_NAME} --show-labels`,
        `kubectl -n ${ctx.namespace} get svc ${SERVICE_NAME} -o jsonpath='{.metadata.labels.app\\.kubernetes\\.io/managed-by}'`,
      ],
    },
    {
      title: 'Pods resolve nothing: clusterIP must equal the kubelets\' clusterDNS (compare with a pod\'s /etc/resolv.conf)',
      commands: ['kubectl run dnstest --rm -it --restart=Never --image=busybox:1.36 -- cat /etc/resolv.conf'],
    },
    {
      title: 'CrashLoopBackOff with "plugin/loop: Loop ... detected": the upstream points back at CoreDNS; set forwarders to explicit resolvers',
      commands: [`kubectl -n ${ctx.namespace} logs deploy/${ctx.name} --previous | grep -i loop`, `kubectl -n ${ctx.namespace} get configmap ${ctx.name} -o jsonpath='{.data.Corefile}'`],
    },
  ],
});
