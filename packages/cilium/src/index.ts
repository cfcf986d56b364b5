/**
 * Cilium: eBPF CNI, kube-proxy replacement, LB IPAM with L2 announcements, Gateway API, Hubble.
 */
import {
  Cidr,
  defineComponent,
  DIAGRAM,
  Host,
  IpRange,
  Monitoring,
  Name,
  Port,
  scrapedBy,
  securityLayer,
  StringEnum,
  Type,
  withDefault,
  type KubeObject,
  type Resolved,
  type Static,
} from '@fluxgen/core';

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`, ANDed). */
const LabelSelector = (description: string) =>
  Type.Object(
    {
      matchLabels: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String(), { description: 'Labels that must all match.' })),
      matchExpressions: Type.Optional(
        Type.Array(
          Type.Object({
            key: Type.String({ minLength: 1, description: 'Label key.' }),
            operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'], { description: 'How the key relates to the values.' }),
            values: Type.Optional(Type.Array(Type.String(), { description: 'Values (for `In` and `NotIn`).' })),
          }),
          { description: 'Label requirements that must all hold.' },
        ),
      ),
    },
    { description },
  );

const L2Pool = Type.Object({
  name: Name({ description: 'Name of the CiliumLoadBalancerIPPool.' }),
  serviceSelector: Type.Optional(
    LabelSelector('Services that may draw IPs from this pool (by label). Without it, every LoadBalancer Service may.'),
  ),
  allowFirstLastIPs: Type.Optional(
    Type.Boolean({ description: 'Hand out the first and last address of each CIDR too (`allowFirstLastIPs`). Cilium default: yes.' }),
  ),
  blocks: Type.Array(
    Type.Union([
      Type.Object({ cidr: Cidr({ description: 'A CIDR, e.g. `192.168.1.240/28`.' }) }, { additionalProperties: false }),
      IpRange({ additionalProperties: false }),
    ]),
    { minItems: 1, description: 'Address blocks LoadBalancer services get IPs from: CIDRs or start/stop ranges.' },
  ),
});

const L2Policy = Type.Object({
  name: Name({ description: 'Name of the CiliumL2AnnouncementPolicy.' }),
  serviceSelector: Type.Optional(LabelSelector('Services whose IPs this policy announces (by label). Without it: every Service.')),
  nodeSelector: Type.Optional(LabelSelector('Nodes that may announce (by label). Without it: every node.')),
  interfaces: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), {
      description: 'Node interfaces to announce on (regular expressions, e.g. `^eth[0-9]+`). Default: `l2Announcements.interfaces`; empty: all.',
    }),
  ),
  loadBalancerIPs: withDefault(Type.Boolean({ description: 'Announce the LoadBalancer IPs of the Services.' }), true),
  externalIPs: withDefault(Type.Boolean({ description: 'Announce the external IPs (`spec.externalIPs`) of the Services.' }), false),
});

/** The typed values of the Cilium component. */
export const CiliumValuesSchema = Type.Object({
  kubeProxyReplacement: withDefault(
    Type.Boolean({ description: 'Replace kube-proxy with eBPF service handling (needs `apiServer`).' }),
    false,
  ),
  apiServer: Type.Optional(
    Type.Object(
      {
        host: Host({ description: 'API server host the agents reach without kube-proxy (Talos KubePrism: `127.0.0.1`).' }),
        port: Port({ description: 'API server port (Talos KubePrism: `7445`).' }),
      },
      { description: 'How agents reach the API server directly (`k8sServiceHost` / `k8sServicePort`).' },
    ),
  ),
  routingMode: withDefault(
    StringEnum(['tunnel', 'native'], { description: 'Pod traffic between nodes: VXLAN `tunnel`, or `native` routing.' }),
    'tunnel',
  ),
  nativeRoutingCIDR: Type.Optional(
    Cidr({ description: 'With `native` routing: the pod CIDR that is routed natively (`ipv4NativeRoutingCIDR`).' }),
  ),
  autoDirectNodeRoutes: withDefault(
    Type.Boolean({ description: 'With `native` routing on one L2 segment: install routes to other nodes\' pod CIDRs.' }),
    false,
  ),
  ipamMode: withDefault(
    StringEnum(['cluster-pool', 'kubernetes', 'multi-pool'], { description: 'Pod IP allocation (`ipam.mode`).' }),
    'cluster-pool',
  ),
  loadBalancer: withDefault(
    Type.Object({
      algorithm: withDefault(StringEnum(['random', 'maglev'], { description: 'Backend selection.' }), 'random'),
      mode: withDefault(StringEnum(['snat', 'dsr', 'hybrid'], { description: 'How replies reach clients.' }), 'snat'),
    }),
    {},
  ),
  bpfMasquerade: withDefault(Type.Boolean({ description: 'Masquerade in eBPF instead of iptables (`bpf.masquerade`).' }), false),
  talos: withDefault(
    Type.Boolean({
      description:
        'Talos Linux: cgroup v2 is already mounted at /sys/fs/cgroup (`cgroup.autoMount.enabled: false`) and the agent runs without SYS_MODULE.',
    }),
    false,
  ),
  operatorReplicas: withDefault(Type.Integer({ minimum: 1, description: 'cilium-operator replicas.' }), 2),
  l2Announcements: withDefault(
    Type.Object({
      enabled: withDefault(Type.Boolean({ description: 'Answer ARP for LoadBalancer IPs (L2 announcements).' }), false),
      interfaces: withDefault(
        Type.Array(Type.String(), { description: 'Node interfaces to announce on (regular expressions, e.g. `^eth[0-9]+`). Empty: all.' }),
        [],
      ),
      pools: withDefault(Type.Array(L2Pool, { uniqueBy: 'name', description: 'LB IPAM pools (CiliumLoadBalancerIPPool objects).' }), []),
      policies: Type.Optional(
        Type.Array(L2Policy, {
          uniqueBy: 'name',
          minItems: 1,
          description:
            'CiliumL2AnnouncementPolicy objects. Without it: one policy `l2-policy` announcing LoadBalancer and external IPs of every Service on `interfaces`.',
        }),
      ),
    }),
    {},
  ),
  gatewayAPI: withDefault(
    Type.Boolean({ description: 'Implement the Gateway API (needs the Gateway API CRDs installed first).' }),
    false,
  ),
  envoyConfig: withDefault(Type.Boolean({ description: 'Enable the CiliumEnvoyConfig CRDs (`envoyConfig.enabled`).' }), false),
  hubble: withDefault(
    Type.Object({
      enabled: withDefault(Type.Boolean({ description: 'Hubble flow observability in the agents.' }), true),
      relay: withDefault(Type.Boolean({ description: 'Deploy Hubble Relay (cluster-wide flow API).' }), false),
      ui: withDefault(Type.Boolean({ description: 'Deploy the Hubble UI (needs the relay).' }), false),
      metrics: withDefault(
        Type.Array(Type.String(), { description: 'Hubble metrics to export, e.g. `dns`, `drop`, `tcp`, `flow`, `http`.' }),
        [],
      ),
    }),
    {},
  ),
  serviceMonitors: Monitoring({ description: 'Prometheus metrics and ServiceMonitors for agent, operator, envoy and Hubble.' }),
});
export type CiliumValues = Static<typeof CiliumValuesSchema>;

/** Talos: capabilities without SYS_MODULE (https://www.talos.dev/latest/kubernetes-guides/network/deploying-cilium/). */
const TALOS_CAPABILITIES = {
  ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
};

export const cilium = defineComponent({
  name: 'cilium',
  title: 'Cilium',
  summary: 'eBPF-based CNI: pod networking, network policy, load balancing and Gateway API',
  category: 'networking',
  namespace: 'kube-system',
  podSecurity: 'privileged',
  // renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io/
  chart: { name: 'cilium', version: '1.20.0', repository: 'https://helm.cilium.io/', oci: 'oci://quay.io/cilium/charts/cilium' },
  chartData: new URL('../chart/', import.meta.url),
  // Chart values that name a Secret in the release namespace (checked to exist or be declared).
  secretRefs: [
    'encryption.ipsec.secretName',
    'hubble.tls.server.existingSecret',
    'hubble.metrics.tls.server.existingSecret',
    'hubble.relay.tls.client.existingSecret',
    'hubble.relay.tls.server.existingSecret',
    'hubble.ui.tls.client.existingSecret',
    'operator.prometheus.tls.server.existingSecret',
  ],
  crds: new URL('../crds/', import.meta.url),
  chartContract: {
    // Named by the chart's own `fail` messages (templates/validate.yaml) and upgrade notes
    // (https://docs.cilium.io/en/stable/operations/upgrade/).
    replacements: {
      tunnel: '`routingMode: tunnel` with `tunnelProtocol` (vxlan or geneve)',
      'etcd.managed': 'an external etcd (`etcd.endpoints`), or CRD mode (no etcd)',
      'containerRuntime.integration': 'nothing: the agent detects the runtime itself',
      enableK8sEventHandover: 'nothing (removed in 1.14)',
      enableCnpStatusUpdates: 'nothing (removed in 1.15)',
      remoteNodeIdentity: 'nothing (always on since 1.15)',
      endpointStatus: 'nothing (removed in 1.16)',
      'proxy.prometheus.enabled': '`envoy.prometheus.enabled`',
      'proxy.prometheus.port': '`envoy.prometheus.port`',
      'encryption.keyFile': '`encryption.ipsec.keyFile`',
      'encryption.mountPath': '`encryption.ipsec.mountPath`',
      'encryption.secretName': '`encryption.ipsec.secretName`',
      'encryption.interface': '`encryption.ipsec.interface`',
    },
  },
  docs: [
    { title: 'Cilium documentation', url: 'https://docs.cilium.io/' },
    { title: 'Helm reference', url: 'https://docs.cilium.io/en/stable/helm-reference/' },
    { title: 'Kube-proxy replacement', url: 'https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/' },
    { title: 'L2 announcements', url: 'https://docs.cilium.io/en/stable/network/l2-announcements/' },
    { title: 'LB IPAM', url: 'https://docs.cilium.io/en/stable/network/lb-ipam/' },
    { title: 'Gateway API support', url: 'https://docs.cilium.io/en/stable/network/servicemesh/gateway-api/gateway-api/' },
  ],
  values: CiliumValuesSchema,
  helmValues: (v) => ({
    kubeProxyReplacement: v.kubeProxyReplacement,
    ...(v.apiServer ? { k8sServiceHost: v.apiServer.host, k8sServicePort: v.apiServer.port } : {}),
    routingMode: v.routingMode,
    ...(v.nativeRoutingCIDR ? { ipv4NativeRoutingCIDR: v.nativeRoutingCIDR } : {}),
    ...(v.autoDirectNodeRoutes ? { autoDirectNodeRoutes: true } : {}),
    ipam: { mode: v.ipamMode },
    loadBalancer: { algorithm: v.loadBalancer.algorithm, mode: v.loadBalancer.mode },
    bpf: { masquerade: v.bpfMasquerade },
    ...(v.talos
      ? {
          cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
          securityContext: { capabilities: TALOS_CAPABILITIES },
        }
      : {}),
    operator: {
      replicas: v.operatorReplicas,
      ...(v.serviceMonitors ? { prometheus: { enabled: true, serviceMonitor: { enabled: true } } } : {}),
    },
    // No `externalIPs.enabled`: the chart dropped it in 1.19, external IPs come with kube-proxy
    // replacement (https://github.com/cilium/cilium/pull/39581).
    ...(v.l2Announcements.enabled ? { l2announcements: { enabled: true } } : {}),
    ...(v.gatewayAPI ? { gatewayAPI: { enabled: true } } : {}),
    ...(v.envoyConfig ? { envoyConfig: { enabled: true } } : {}),
    ...(v.serviceMonitors
      ? {
          prometheus: { enabled: true, serviceMonitor: { enabled: true, trustCRDsExist: true } },
          envoy: { prometheus: { serviceMonitor: { enabled: true } } },
        }
      : {}),
    hubble: {
      enabled: v.hubble.enabled,
      ...(v.hubble.enabled
        ? {
            relay: { enabled: v.hubble.relay },
            ui: { enabled: v.hubble.ui },
            ...(v.hubble.metrics.length > 0
              ? {
                  metrics: {
                    enabled: [...v.hubble.metrics],
                    ...(v.serviceMonitors ? { serviceMonitor: { enabled: true } } : {}),
                  },
                }
              : {}),
          }
        : {}),
    },
  }),
  objects: (v) => (v.l2Announcements.enabled ? l2Objects(v.l2Announcements) : []),
  provides: () => ({ crd: ['cilium.io'] }),
  // Istio ambient on Cilium (https://istio.io/latest/docs/ambient/install/platform-prerequisites/#cilium):
  // istio-cni chains its plugin after Cilium's, and ztunnel must see the pods' traffic.
  derive: (v, ctx) => {
    const mesh = ctx.facts.one('mesh');
    if (mesh?.mode !== 'ambient') return [];
    return [
      { helmPath: 'cni.exclusive', value: false, because: mesh, reason: 'istio-cni chains its plugin after Cilium\'s, and an exclusive Cilium deletes its configuration' },
      {
        helmPath: 'socketLB.hostNamespaceOnly',
        value: true,
        because: mesh,
        reason: 'socket load balancing inside pods would translate Service addresses before ztunnel sees the traffic',
      },
      ...(v.bpfMasquerade
        ? [
            {
              helmPath: 'bpf.hostLegacyRouting',
              value: true,
              because: mesh,
              reason: 'eBPF host routing (on with eBPF masquerading) bypasses the host stack that ambient health probes are redirected through (istio/istio#52208)',
            },
          ]
        : []),
    ];
  },
  needs: (v) => ({ crd: v.gatewayAPI ? ['gateway.networking.k8s.io'] : [] }),
  check: (v) => l2Problems(v.l2Announcements),
  rules: [
    { when: 'kubeProxyReplacement', require: 'apiServer', because: 'without kube-proxy the agents reach the API server directly: give its host and port' },
    { when: 'routingMode', is: 'native', require: 'nativeRoutingCIDR', because: 'native routing must know which CIDR is routed without masquerading (the pod CIDR)' },
    { when: 'hubble.ui', require: 'hubble.relay', because: 'the Hubble UI reads flows from Hubble Relay: turn the relay on too' },
  ],
  features: (v, ctx) => [
    ...ambientMeshFeature(v.bpfMasquerade, ctx.facts.one('mesh')),
    v.kubeProxyReplacement && v.apiServer
      ? `kube-proxy replacement, API server at \`${v.apiServer.host}:${v.apiServer.port}\``
      : 'Runs beside kube-proxy',
    `Routing: ${v.routingMode}${v.nativeRoutingCIDR ? ` (native CIDR \`${v.nativeRoutingCIDR}\`)` : ''}, IPAM: ${v.ipamMode}`,
    `Load balancing: ${v.loadBalancer.algorithm}, ${v.loadBalancer.mode}${v.bpfMasquerade ? ', eBPF masquerading' : ''}`,
    ...(v.talos ? ['Talos: host cgroup v2 at /sys/fs/cgroup, agent without SYS_MODULE'] : []),
    ...(v.l2Announcements.enabled
      ? [
          `L2 announcements for LoadBalancer IPs from ${v.l2Announcements.pools.map((p) => `\`${p.name}\`${p.serviceSelector ? ' (selected Services)' : ''}`).join(', ') || 'no pool yet'}`,
          ...(v.l2Announcements.policies
            ? [
                `L2 announcement policies: ${v.l2Announcements.policies
                  .map((p) => `\`${p.name}\` (${[p.loadBalancerIPs ? 'LoadBalancer IPs' : '', p.externalIPs ? 'external IPs' : ''].filter(Boolean).join(' and ')}${p.serviceSelector ? ', selected Services' : ''}${p.nodeSelector ? ', selected nodes' : ''})`)
                  .join(', ')}`,
              ]
            : []),
        ]
      : []),
    ...(v.gatewayAPI ? ['Gateway API implementation (GatewayClass `cilium`)'] : []),
    ...(v.envoyConfig ? ['CiliumEnvoyConfig CRDs'] : []),
    ...(v.hubble.enabled
      ? [`Hubble${v.hubble.relay ? ' with relay' : ''}${v.hubble.ui ? ' and UI' : ''}${v.hubble.metrics.length ? `, metrics: ${v.hubble.metrics.join(', ')}` : ''}`]
      : []),
  ],
  security: (v) => [
    'Enforces Kubernetes NetworkPolicy and CiliumNetworkPolicy; fluxgen generates none, so until policies are added every pod can reach every other',
    ...(v.l2Announcements.enabled
      ? ['LoadBalancer IPs are announced on the LAN (ARP): every host on that segment reaches those Services']
      : []),
    ...(v.gatewayAPI ? ['TLS terminates at the Gateway; traffic from the Gateway to the Services is plain inside the cluster'] : []),
    ...(v.hubble.ui ? ['The Hubble UI shows every flow of the cluster and has no login: reach it with port-forward, not a public route'] : []),
    ...(v.talos ? ['The agent runs without SYS_MODULE (Talos loads the kernel modules it needs)'] : []),
  ],
  troubleshooting: (v, ctx) => [
    {
      title: 'Agent health',
      commands: [
        `kubectl -n ${ctx.namespace} exec ds/cilium -c cilium-agent -- cilium-dbg status --brief`,
        `kubectl -n ${ctx.namespace} exec ds/cilium -c cilium-agent -- cilium-dbg status --verbose`,
      ],
    },
    ...(v.l2Announcements.enabled
      ? [
          {
            title: 'LoadBalancer IPs and L2 leases',
            commands: [
              'kubectl get ciliumloadbalancerippools',
              'kubectl get ciliuml2announcementpolicies',
              `kubectl -n ${ctx.namespace} get leases | grep cilium-l2announce`,
            ],
          },
        ]
      : []),
    ...(v.gatewayAPI
      ? [{ title: 'Gateway API', commands: ['kubectl get gatewayclass cilium', 'kubectl get gateways,httproutes -A'] }]
      : []),
    ...(v.hubble.relay
      ? [
          {
            title: 'Flows (needs the `hubble` CLI)',
            keepOpen: `kubectl -n ${ctx.namespace} port-forward svc/hubble-relay 4245:80`,
            commands: ['hubble observe --server localhost:4245 --last 50', 'hubble observe --server localhost:4245 --verdict DROPPED --last 50'],
          },
        ]
      : []),
  ],
  readme: (v, ctx) => {
    const ns = ctx.namespace;
    const l2 = v.l2Announcements;
    const pools = l2.enabled ? l2.pools : [];
    return {
      // Agent, operator, Envoy and Hubble: the chart labels them part-of=cilium, not by release.
      pods: ['app.kubernetes.io/part-of=cilium'],
      health: [
        { command: `kubectl -n ${ns} exec ds/cilium -c cilium-agent -- cilium-dbg status --brief`, expect: 'OK' },
        { command: `cilium status --wait --namespace ${ns}`, expect: 'Cilium, Operator and Envoy DaemonSet OK (the `cilium` CLI)' },
        ...(pools.length > 0 ? [{ command: 'kubectl get ciliumloadbalancerippools', expect: 'no pool CONFLICTING, IPs AVAILABLE' }] : []),
        ...(v.gatewayAPI ? [{ command: 'kubectl get gatewayclass cilium', expect: 'ACCEPTED True' }] : []),
      ],
      symptoms: [
        { symptom: 'Pods stay ContainerCreating, or cannot reach each other or the API server', check: 'the agent on that node: `cilium-dbg status`, then its logs' },
        ...(pools.length > 0
          ? [{ symptom: 'A LoadBalancer Service has no EXTERNAL-IP, or its IP does not answer from the LAN', check: 'the IP pools, then the `cilium-l2announce` leases' }]
          : []),
        ...(v.gatewayAPI ? [{ symptom: 'A host name behind a Gateway does not answer', check: 'GatewayClass `cilium` accepted, then the Gateway and its HTTPRoutes' }] : []),
      ],
      topics: [
        {
          topic: 'networking',
          facts: [
            `CNI: ${v.routingMode} routing${v.nativeRoutingCIDR ? ` of \`${v.nativeRoutingCIDR}\`` : ''}, IPAM ${v.ipamMode}${v.kubeProxyReplacement ? ', kube-proxy replaced' : ''}`,
          ],
        },
        {
          topic: 'networking',
          section: 'Load Balancing',
          facts: [
            ...pools.map(
              (p) =>
                `LoadBalancer IPs ${p.blocks.map((b) => ('cidr' in b ? `\`${b.cidr}\`` : `\`${b.start}\`–\`${b.stop}\``)).join(', ')} (pool \`${p.name}\`), announced over ARP${l2.interfaces.length > 0 ? ` on ${l2.interfaces.map((i) => `\`${i}\``).join(', ')}` : ''}`,
            ),
          ],
        },
        {
          topic: 'networking',
          section: 'Network Policies',
          facts: ['Cilium enforces NetworkPolicies and CiliumNetworkPolicies (L3–L7) in eBPF; this layer generates none: until the apps layer adds them, every pod can reach every other'],
        },
      ],
      diagrams: [
        ...(pools.length > 0
          ? [
              {
                id: DIAGRAM.ingress,
                title: 'Traffic from the LAN to the cluster',
                topic: 'networking' as const,
                groups: [{ id: ns, label: ns }],
                nodes: [
                  { id: 'lan', label: 'LAN clients' },
                  { id: 'cilium-lb', label: `Cilium L2 announcements\npools ${pools.map((p) => p.name).join(', ')}`, group: ns },
                ],
                edges: [{ from: 'lan', to: 'cilium-lb' }],
                legend: { traffic: 'traffic, from the client to the Service' },
              },
            ]
          : []),
        ...(v.serviceMonitors ? [scrapedBy('cilium', 'Cilium agent, operator, Hubble', ns)] : []),
        securityLayer('cluster', 'cilium', 'Cilium eBPF datapath\nNetworkPolicies'),
      ],
    };
  },
});

/** The README line of the stack rule (see `derive`). */
function ambientMeshFeature(bpfMasquerade: boolean, mesh: { readonly mode: string; readonly from: string } | undefined): string[] {
  if (mesh?.mode !== 'ambient') return [];
  return [
    `Beside the ambient mesh of ${mesh.from} (derived): \`cni.exclusive: false\`, \`socketLB.hostNamespaceOnly: true\`${bpfMasquerade ? ', `bpf.hostLegacyRouting: true`' : ''}`,
  ];
}

type L2 = Resolved<typeof CiliumValuesSchema>['l2Announcements'];

/** The policies of the L2 section: the ones written, or the single default one. */
function l2Policies(l2: L2): Resolved<typeof L2Policy>[] {
  return l2.policies ? [...l2.policies] : [{ name: 'l2-policy', loadBalancerIPs: true, externalIPs: true }];
}

function l2Objects(l2: L2): KubeObject[] {
  return [
    ...l2.pools.map((pool) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: pool.name },
      spec: {
        blocks: pool.blocks,
        ...(pool.serviceSelector ? { serviceSelector: pool.serviceSelector } : {}),
        ...(pool.allowFirstLastIPs !== undefined ? { allowFirstLastIPs: pool.allowFirstLastIPs ? 'Yes' : 'No' } : {}),
      },
    })),
    ...l2Policies(l2).map((policy) => {
      const interfaces = policy.interfaces ?? l2.interfaces;
      return {
        apiVersion: 'cilium.io/v2alpha1',
        kind: 'CiliumL2AnnouncementPolicy',
        metadata: { name: policy.name },
        spec: {
          loadBalancerIPs: policy.loadBalancerIPs,
          externalIPs: policy.externalIPs,
          ...(interfaces.length > 0 ? { interfaces: [...interfaces] } : {}),
          ...(policy.serviceSelector ? { serviceSelector: policy.serviceSelector } : {}),
          ...(policy.nodeSelector ? { nodeSelector: policy.nodeSelector } : {}),
        },
      };
    }),
  ];
}

/** A policy that announces neither kind of IP does nothing: refused. */
function l2Problems(l2: L2): { code: 'VALUE_INVALID'; path: string; message: string; got: unknown; hint: string }[] {
  if (!l2.enabled) return [];
  return (l2.policies ?? []).flatMap((p, i) =>
    !p.loadBalancerIPs && !p.externalIPs
      ? [
          {
            code: 'VALUE_INVALID' as const,
            path: `l2Announcements.policies[${i}]`,
            message: 'announces nothing: loadBalancerIPs and externalIPs are both false',
            got: { loadBalancerIPs: false, externalIPs: false },
            hint: 'set loadBalancerIPs (LoadBalancer Services), externalIPs (spec.externalIPs), or both, or remove the policy',
          },
        ]
      : [],
  );
}
