/**
 * Gateway API: the standard-channel CRDs of kubernetes-sigs/gateway-api, applied from a pinned Git
 * tag, and the cluster's shared Gateways (typed, validated against the vendored CRD schema).
 */
import {
  defineComponent,
  DnsSubdomain,
  Hostname,
  IpAddress,
  DIAGRAM,
  gatewayNode,
  isBuiltInGroup,
  Name,
  Port,
  StringEnum,
  Type,
  withDefault,
  type Capability,
  type ComponentContext,
  type ComponentReadme,
  type KubeObject,
  type Resolved,
  type SecretUse,
  type Static,
} from '@fluxgen/core';

/** The pinned Gateway API release: the Git tag applied, and the folder of the vendored CRDs. */
// renovate: datasource=github-tags depName=kubernetes-sigs/gateway-api
export const GATEWAY_API_VERSION = 'v1.6.1';

/**
 * The vendored CRDs of {@link GATEWAY_API_VERSION}: upstream `config/crd/` (its `kustomization.yaml`
 * and `standard/*.yaml`), what the Flux Kustomization builds in the cluster. See `crds/SOURCE.md`.
 * Core checks every emitted Gateway API object (this component's Gateways, other components'
 * routes) against `standard/`.
 */
export const gatewayApiCrds = new URL(`../crds/${GATEWAY_API_VERSION}/`, import.meta.url);

/** Free-form string maps (annotations, labels), at most `max` entries. */
const StringMap = (max: number, description: string) =>
  Type.Record(Type.String({ minLength: 1 }), Type.String(), { maxProperties: max, description });

const AllowedRoutes = Type.Object(
  {
    from: withDefault(
      StringEnum(['All', 'Same', 'Selector'], {
        description:
          'Namespaces whose routes may attach: `All`, `Same` (the Gateway\'s), or `Selector` (`allowedRoutes.namespaces.from`; Gateway API default: `Same`).',
      }),
      'All',
    ),
    selector: Type.Optional(
      StringMap(
        64,
        'With `from: Selector` only: labels a namespace must carry for its routes to attach (`allowedRoutes.namespaces.selector.matchLabels`).',
      ),
    ),
  },
  {
    description: 'Which namespaces may attach routes to the listener (`listeners[].allowedRoutes`).',
    if: { properties: { from: { const: 'Selector' } }, required: ['from'] },
    then: { required: ['selector'] },
    // Rejected (as "must NOT have more than 0 properties") unless `from` is `Selector`.
    else: { properties: { selector: { maxProperties: 0 } } },
  },
);

const Listener = Type.Object(
  {
    name: DnsSubdomain({
      description: 'Listener name, unique in the Gateway; routes pick it with `parentRefs[].sectionName` (`listeners[].name`).',
    }),
    protocol: StringEnum(['HTTP', 'HTTPS', 'TLS'], {
      description:
        '`HTTP`; `HTTPS`, terminating TLS with `certificates`; or `TLS`, passing TLS through to TLSRoutes (`listeners[].protocol`).',
    }),
    port: Port({ description: 'Port the Gateway listens on (`listeners[].port`).' }),
    hostname: Type.Optional(
      Hostname({
        wildcard: true,
        description: 'Host name or wildcard (`*.example.com`) the listener serves (`listeners[].hostname`). Unset: any host.',
      }),
    ),
    certificates: Type.Optional(
      Type.Array(
        Type.Union([
          Name({ description: "Name of a `kubernetes.io/tls` Secret in the Gateway's namespace." }),
          Type.Object(
            {
              name: Name({ description: 'Name of the `kubernetes.io/tls` Secret.' }),
              namespace: Name({
                description:
                  "Its namespace (e.g. `cert-manager`, where a wildcard Certificate lives). fluxgen emits the ReferenceGrant there that lets the Gateway's namespace read it.",
              }),
            },
            { additionalProperties: false },
          ),
        ]),
        {
          minItems: 1,
          maxItems: 64,
          uniqueItems: true,
          description:
            'HTTPS only, and required there: `kubernetes.io/tls` Secrets that terminate TLS (`listeners[].tls.certificateRefs`): a name in the Gateway\'s namespace, or `{ name, namespace }` in another one (with a ReferenceGrant emitted in that namespace). Each must exist: produced by another component, or listed as `secret:<namespace>/<name>` in the cluster\'s `external`.',
        },
      ),
    ),
    allowedRoutes: withDefault(AllowedRoutes, {}),
  },
  {
    description: 'A listener: protocol, port, host name, TLS certificates, and which routes may attach.',
    if: { properties: { protocol: { const: 'HTTPS' } }, required: ['protocol'] },
    then: { required: ['certificates'] },
    // HTTP and TLS listeners carry no certificate: the CRD rejects `tls` on HTTP, TLS passes through.
    else: { properties: { certificates: { maxItems: 0 } } },
  },
);

const Gateway = Type.Object(
  {
    name: Name({ description: 'Gateway name (`metadata.name`). Cilium names the LoadBalancer Service it creates `cilium-gateway-<name>`.' }),
    gatewayClassName: withDefault(
      Name({ description: 'GatewayClass that implements it (`spec.gatewayClassName`); Cilium creates `cilium` when `gatewayAPI` is on.' }),
      'cilium',
    ),
    addresses: withDefault(
      Type.Array(IpAddress({ description: 'An IPv4 or IPv6 address.' }), {
        maxItems: 16,
        uniqueItems: true,
        description:
          'Static IPs to request for the Gateway\'s LoadBalancer, e.g. one from a Cilium LB IPAM pool (`spec.addresses[]` of type `IPAddress`; Cilium honours it since cilium/cilium#33042). Empty: the implementation picks one.',
      }),
      [],
    ),
    annotations: Type.Optional(
      StringMap(64, 'Annotations of the Gateway object itself (`metadata.annotations`), e.g. `external-dns.alpha.kubernetes.io/target`.'),
    ),
    infrastructure: Type.Optional(
      Type.Object(
        {
          annotations: Type.Optional(
            StringMap(
              16,
              'Annotations for the resources the implementation creates (`spec.infrastructure.annotations`); Cilium puts them on its Service, e.g. `lbipam.cilium.io/sharing-key`.',
            ),
          ),
          labels: Type.Optional(StringMap(8, 'Labels for the resources the implementation creates (`spec.infrastructure.labels`).')),
        },
        { description: 'Metadata the implementation copies onto the resources it creates for the Gateway (`spec.infrastructure`).' },
      ),
    ),
    listeners: Type.Array(Listener, { minItems: 1, maxItems: 64, uniqueBy: 'name', description: 'Listeners (`spec.listeners`); names must be unique.' }),
    redirectToHttps: withDefault(
      Type.Boolean({
        description:
          'Redirect plain HTTP to HTTPS: an HTTPRoute `<gateway>-https-redirect` attached to every HTTP listener answers each request with a 301 to the same URL over `https` (needs an HTTP and an HTTPS listener).',
      }),
      false,
    ),
  },
  { description: 'A Gateway (gateway.networking.k8s.io/v1) in the component\'s namespace.' },
);

const GatewayClass = Type.Object({
  name: Name({ description: 'GatewayClass name (`metadata.name`), what Gateways name in `gatewayClassName`.' }),
  controllerName: withDefault(
    Type.String({
      minLength: 1,
      maxLength: 253,
      description: 'Controller that implements the class (`spec.controllerName`), e.g. Cilium\'s `io.cilium/gateway-controller`.',
    }),
    'io.cilium/gateway-controller',
  ),
  description: Type.Optional(Type.String({ maxLength: 64, description: 'What the class is for (`spec.description`).' })),
  parametersRef: Type.Optional(
    Type.Object(
      {
        group: DnsSubdomain({ description: 'API group of the parameters object, e.g. `cilium.io`.' }),
        kind: Type.String({ minLength: 1, maxLength: 63, description: 'Its kind, e.g. `CiliumGatewayClassConfig`.' }),
        name: Name({ description: 'Its name.' }),
        namespace: Type.Optional(Name({ description: 'Its namespace, for a namespaced kind.' })),
      },
      {
        description:
          'Implementation-specific configuration of the class (`spec.parametersRef`). Write the object itself in `objects` (of this component or of the cluster); the class waits for the CRDs of its group.',
      },
    ),
  ),
});

/** The typed values of the Gateway API component. */
export const GatewayApiValuesSchema = Type.Object({
  gatewayClasses: withDefault(
    Type.Array(GatewayClass, {
      uniqueBy: 'name',
      description:
        'GatewayClasses of your own (applied in `config/`), e.g. one with `parametersRef` to a CiliumGatewayClassConfig. Cilium creates the class `cilium` itself.',
    }),
    [],
  ),
  gateways: withDefault(
    Type.Array(Gateway, {
      uniqueBy: 'name',
      description:
        'Shared Gateways, created in the component\'s namespace once the CRDs are in (`config/`). That namespace must exist: `kube-system`, one another component declares, or one listed as `namespace:<name>` in the cluster\'s `external`.',
    }),
    [],
  ),
});
export type GatewayApiValues = Static<typeof GatewayApiValuesSchema>;

type GatewayValues = Resolved<typeof Gateway>;
type ListenerValues = Resolved<typeof Listener>;

/**
 * The Gateway API CRDs as their own unit, so that Gateway implementations (Cilium's `gatewayAPI`)
 * can be ordered after them, plus optional shared Gateways applied once the CRDs exist.
 */
export const gatewayApi = defineComponent({
  name: 'gateway-api',
  title: 'Gateway API',
  summary: 'Gateway API CRDs (standard channel) that Gateway implementations such as Cilium need, and the cluster\'s shared Gateways',
  category: 'networking',
  // The CRDs are cluster-scoped: the namespace is where the Gateways go.
  namespace: 'kube-system',
  git: {
    url: 'https://github.com/kubernetes-sigs/gateway-api',
    tag: GATEWAY_API_VERSION,
    // config/crd/kustomization.yaml lists only standard/*.yaml; experimental/ beside it stays out.
    path: './config/crd',
    ignore: ['# fetch only the standard-channel CRDs', '/*', '!/config/crd/kustomization.yaml', '!/config/crd/standard', ''].join('\n'),
  },
  docs: [
    { title: 'Gateway API', url: 'https://gateway-api.sigs.k8s.io/' },
    { title: 'Installing the CRDs (channels)', url: 'https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api' },
    { title: 'Gateway API reference', url: 'https://gateway-api.sigs.k8s.io/reference/spec/' },
    { title: `Release ${GATEWAY_API_VERSION}`, url: `https://github.com/kubernetes-sigs/gateway-api/releases/tag/${GATEWAY_API_VERSION}` },
    { title: 'Cilium Gateway API support', url: 'https://docs.cilium.io/en/stable/network/servicemesh/gateway-api/gateway-api/' },
  ],
  values: GatewayApiValuesSchema,
  objects: (v, ctx) => [
    ...v.gatewayClasses.map(gatewayClassObject),
    ...v.gateways.map((gateway) => gatewayObject(gateway, ctx.namespace)),
    ...v.gateways.filter((g) => g.redirectToHttps).map((gateway) => redirectRoute(gateway, ctx.namespace)),
    ...referenceGrants(v.gateways, ctx.namespace),
  ],
  secrets: (v, ctx) => v.gateways.flatMap((gateway) => certificateUses(gateway, ctx.namespace)),
  // Certificates in other namespaces: their Secrets, and the CRDs of the classes' parameters.
  configNeeds: (v, ctx) => ({
    secret: unique(
      v.gateways.flatMap((g) =>
        g.listeners.flatMap((l) => (l.certificates ?? []).flatMap((c) => (typeof c === 'string' || c.namespace === ctx.namespace ? [] : [`${c.namespace}/${c.name}`]))),
      ),
    ),
    crd: unique(
      v.gatewayClasses.flatMap((c) =>
        c.parametersRef && c.parametersRef.group !== 'gateway.networking.k8s.io' && !isBuiltInGroup(c.parametersRef.group) ? [c.parametersRef.group] : [],
      ),
    ),
  }),
  check: (v) => [
    ...v.gateways.flatMap((g, i) =>
      g.redirectToHttps && !(g.listeners.some((l) => l.protocol === 'HTTP') && g.listeners.some((l) => l.protocol === 'HTTPS'))
        ? [
            {
              path: `gateways[${i}].redirectToHttps`,
              message: 'needs an HTTP listener to redirect from and an HTTPS listener to redirect to',
              got: g.listeners.map((l) => l.protocol),
              hint: 'add the missing listener (e.g. `{ name: "http", protocol: "HTTP", port: 80 }`), or turn redirectToHttps off',
            },
          ]
        : [],
    ),
  ],
  provides: () => ({ crd: ['gateway.networking.k8s.io'] }),
  facts: (v, ctx) =>
    v.gateways.map((g, i) => ({
      kind: 'gateway' as const,
      path: `gateways[${i}]`,
      namespace: ctx.namespace,
      name: g.name,
      listeners: g.listeners.map((l) => ({ name: l.name, protocol: l.protocol, port: l.port, ...(l.hostname ? { hostname: l.hostname } : {}) })),
    })),
  // Removing the component must not delete the CRDs, and with them every route in the cluster.
  prune: false,
  crds: new URL('standard/', gatewayApiCrds),
  security: (v) =>
    v.gateways.flatMap((g) =>
      g.listeners
        .filter((l) => l.allowedRoutes.from === 'All')
        .map((l) => `Gateway \`${g.name}\`, listener \`${l.name}\`: routes from every namespace may attach, so any namespace can publish a host name under it`),
    ),
  readme,
  features: (v, ctx) => [
    'Standard-channel CRDs: GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant, BackendTLSPolicy, ListenerSet, TCPRoute, TLSRoute, UDPRoute, and the `safe-upgrades` ValidatingAdmissionPolicy',
    ...v.gateways.map((gateway) => gatewayFeature(gateway, ctx.namespace)),
  ],
  troubleshooting: (v, ctx) => [
    {
      title: 'CRDs and their bundle version',
      commands: [
        'kubectl get crd | grep gateway.networking.k8s.io',
        "kubectl get crd gateways.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'",
        'kubectl get validatingadmissionpolicy safe-upgrades.gateway.networking.k8s.io',
      ],
    },
    {
      title: 'GatewayClasses, Gateways and routes',
      commands: ['kubectl get gatewayclass', 'kubectl get gateways,httproutes,grpcroutes,tlsroutes -A'],
    },
    ...(v.gateways.length > 0
      ? [
          {
            title: 'A Gateway that is not Programmed (conditions, events, its LoadBalancer Service)',
            commands: [
              `flux get kustomization ${ctx.name}-config -n ${ctx.fluxNamespace}`,
              ...v.gateways.flatMap((g) => [
                `kubectl -n ${ctx.namespace} describe gateway ${g.name}`,
                ...(g.gatewayClassName === 'cilium' ? [`kubectl -n ${ctx.namespace} get service cilium-gateway-${g.name}`] : []),
              ]),
            ],
          },
        ]
      : []),
  ],
});

/** What the Gateway API component contributes to the READMEs. */
function readme(v: { readonly gateways: readonly GatewayValues[] }, ctx: ComponentContext): ComponentReadme {
  const ns = ctx.namespace;
  return {
    health: [
      { command: 'kubectl get crd gateways.gateway.networking.k8s.io httproutes.gateway.networking.k8s.io', expect: 'both listed' },
      ...v.gateways.map((g) => ({ command: `kubectl -n ${ns} get gateway ${g.name}`, expect: `PROGRAMMED True${g.addresses.length > 0 ? `, ADDRESS ${g.addresses[0]}` : ', an ADDRESS'}` })),
    ],
    symptoms: [
      ...(v.gateways.length > 0
        ? [{ symptom: 'A Gateway has no ADDRESS, or PROGRAMMED is False', check: 'the Gateway\'s conditions and events, then its class\'s controller and LoadBalancer Service' }]
        : []),
      { symptom: 'An HTTPRoute is not Accepted', check: 'its `parentRefs` and whether the listener allows routes from its namespace' },
    ],
    topics: [{ topic: 'networking', facts: v.gateways.map((g) => gatewayFeature(g, ns)) }],
    diagrams:
      v.gateways.length > 0
        ? [
            {
              id: DIAGRAM.ingress,
              title: 'Traffic from the LAN to the cluster',
              topic: 'networking',
              groups: [{ id: ns, label: ns }],
              nodes: v.gateways.map((g) => ({
                id: gatewayNode(ns, g.name),
                label: `Gateway ${g.name}${g.addresses.length > 0 ? `\n${g.addresses.join(', ')}` : ''}\n${g.listeners.map((l) => `${l.protocol} :${l.port}`).join(', ')}`,
                group: ns,
              })),
              edges: v.gateways.filter((g) => g.gatewayClassName === 'cilium').map((g) => ({ from: 'cilium-lb', to: gatewayNode(ns, g.name) })),
              legend: { traffic: 'traffic, from the client to the Service' },
            },
          ]
        : [],
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

type CertificateRef = string | { readonly name: string; readonly namespace: string };

function gatewayClassObject(c: Resolved<typeof GatewayClass>): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: c.name },
    spec: {
      controllerName: c.controllerName,
      ...(c.description ? { description: c.description } : {}),
      ...(c.parametersRef ? { parametersRef: { ...c.parametersRef } } : {}),
    },
  };
}

/** The HTTP→HTTPS redirect of a Gateway: a 301 to the same URL over https, on every HTTP listener. */
function redirectRoute(g: GatewayValues, namespace: string): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `${g.name}-https-redirect`, namespace },
    spec: {
      parentRefs: g.listeners
        .filter((l) => l.protocol === 'HTTP')
        .map((l) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: g.name, namespace, sectionName: l.name })),
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  };
}

/**
 * One ReferenceGrant in each namespace holding certificates of Gateways in another: it lets
 * Gateways of the component's namespace read exactly those Secrets.
 */
function referenceGrants(gateways: readonly GatewayValues[], namespace: string): KubeObject[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const g of gateways) {
    for (const l of g.listeners) {
      for (const c of l.certificates ?? []) {
        if (typeof c === 'string' || c.namespace === namespace) continue;
        byNamespace.set(c.namespace, (byNamespace.get(c.namespace) ?? new Set()).add(c.name));
      }
    }
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ns, names]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: `gateways-from-${namespace}`.slice(0, 63).replace(/-+$/, ''), namespace: ns },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace }],
        to: [...names].sort().map((name) => ({ group: '', kind: 'Secret', name })),
      },
    }));
}

function certificateRef(c: CertificateRef, namespace: string): Record<string, string> {
  return typeof c === 'string' || c.namespace === namespace ? { kind: 'Secret', name: typeof c === 'string' ? c : c.name } : { kind: 'Secret', name: c.name, namespace: c.namespace };
}

function certificateText(c: CertificateRef): string {
  return typeof c === 'string' ? `\`${c}\`` : `\`${c.namespace}/${c.name}\``;
}

function gatewayObject(g: GatewayValues, namespace: string): KubeObject {
  const infrastructure = {
    ...(g.infrastructure?.annotations ? { annotations: { ...g.infrastructure.annotations } } : {}),
    ...(g.infrastructure?.labels ? { labels: { ...g.infrastructure.labels } } : {}),
  };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: g.name, namespace, ...(g.annotations ? { annotations: { ...g.annotations } } : {}) },
    spec: {
      gatewayClassName: g.gatewayClassName,
      ...(g.addresses.length > 0 ? { addresses: g.addresses.map((value) => ({ type: 'IPAddress', value })) } : {}),
      ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
      listeners: g.listeners.map((l) => listener(l, namespace)),
    },
  };
}

function listener(l: ListenerValues, namespace: string): Record<string, unknown> {
  const from = l.allowedRoutes.from;
  return {
    name: l.name,
    protocol: l.protocol,
    port: l.port,
    ...(l.hostname ? { hostname: l.hostname } : {}),
    ...(l.protocol === 'HTTPS'
      ? { tls: { mode: 'Terminate', certificateRefs: (l.certificates ?? []).map((c) => certificateRef(c, namespace)) } }
      : {}),
    ...(l.protocol === 'TLS' ? { tls: { mode: 'Passthrough' } } : {}),
    allowedRoutes: {
      namespaces:
        from === 'Selector' ? { from, selector: { matchLabels: { ...l.allowedRoutes.selector } } } : { from },
    },
  };
}

/**
 * A TLS listener's certificate in the Gateway's namespace is a Secret that must exist: a need on
 * `secret:<namespace>/<name>` (one in another namespace is a `configNeeds` of its own).
 */
function certificateUses(g: GatewayValues, namespace: string): SecretUse[] {
  return g.listeners.flatMap((l) =>
    (l.certificates ?? []).flatMap((c) => (typeof c === 'string' ? [c] : c.namespace === namespace ? [c.name] : [])).map((name) => ({
      source: { existingSecret: name },
      defaultName: name,
      keys: ['tls.crt', 'tls.key'],
      purpose: `TLS certificate of Gateway \`${g.name}\`, listener \`${l.name}\``,
    })),
  );
}

function gatewayFeature(g: GatewayValues, namespace: string): string {
  const listeners = g.listeners.map((l) => {
    const host = l.hostname ? ` for \`${l.hostname}\`` : '';
    const tls =
      l.protocol === 'HTTPS'
        ? `, certificate ${(l.certificates ?? []).map(certificateText).join(', ')}`
        : l.protocol === 'TLS'
          ? ', TLS passthrough'
          : '';
    const routes =
      l.allowedRoutes.from === 'All'
        ? 'routes from all namespaces'
        : l.allowedRoutes.from === 'Same'
          ? `routes from \`${namespace}\``
          : `routes from namespaces labelled ${Object.entries(l.allowedRoutes.selector ?? {})
              .map(([k, val]) => `\`${k}=${val}\``)
              .join(', ')}`;
    return `\`${l.name}\` ${l.protocol} :${l.port}${host}${tls} (${routes})`;
  });
  const at = g.addresses.length > 0 ? ` on ${g.addresses.map((a) => `\`${a}\``).join(', ')}` : '';
  const redirect = g.redirectToHttps ? '; HTTP redirects to HTTPS' : '';
  return `Gateway \`${namespace}/${g.name}\` (class \`${g.gatewayClassName}\`)${at}: ${listeners.join('; ')}${redirect}`;
}
