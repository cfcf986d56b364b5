/**
 * Istio in ambient mode: four charts released together, as four components of one package.
 *
 * - `istioBase` (chart `base`): the Istio CRDs and the cluster-wide validating webhook.
 * - `istiod` (chart `istiod`): the control plane; typed mesh settings (mTLS, AuthorizationPolicies,
 *   access logs, tracing and metrics providers). Publishes the `mesh` fact.
 * - `istioCni` (chart `cni`): the node agent that redirects ambient pods' traffic to ztunnel.
 * - `ztunnel` (chart `ztunnel`): the per-node L4 proxy (mTLS, L4 policy).
 *
 * One package, because the four charts share one version (lockstep, checked across components
 * through the `lockstep` fact), one registry, one namespace and one upgrade order; four
 * components, because each chart is its own HelmRelease that Flux must apply in order
 * (base → istiod → cni → ztunnel, derived from what each provides and needs).
 */
import {
  defineComponent,
  DIAGRAM,
  securityLayer,
  telemetryPiece,
  type Diagram,
  Hostname,
  Monitoring,
  monitored,
  Name,
  Port,
  Quantity,
  StringEnum,
  Type,
  withDefault,
  type ComponentContext,
  type ComponentFactory,
  type ComponentInput,
  type ComponentSpec,
  type DocLink,
  type KubeObject,
  type Resolved,
  type Static,
  type TObject,
  type ValueProblem,
  AbsolutePath,
  Cidr,
} from '@fluxgen/core';

/*
 * The four chart pins: one Istio release (a test keeps them equal, Renovate bumps them together).
 */
// renovate: datasource=helm depName=base registryUrl=https://blob.istio.io/istio-release/charts
const BASE_VERSION = '1.30.3';
// renovate: datasource=helm depName=istiod registryUrl=https://blob.istio.io/istio-release/charts
const ISTIOD_VERSION = '1.30.3';
// renovate: datasource=helm depName=cni registryUrl=https://blob.istio.io/istio-release/charts
const CNI_VERSION = '1.30.3';
// renovate: datasource=helm depName=ztunnel registryUrl=https://blob.istio.io/istio-release/charts
const ZTUNNEL_VERSION = '1.30.3';
/** The pin of each chart. */
export const CHART_VERSIONS = { base: BASE_VERSION, istiod: ISTIOD_VERSION, cni: CNI_VERSION, ztunnel: ZTUNNEL_VERSION } as const;
/** The Istio release all four charts pin. */
export const ISTIO_VERSION = BASE_VERSION;
/** Istio's chart registry since the GCS bucket and gcr.io were retired (December 2026). */
const OCI = 'oci://ghcr.io/istio/release/charts';
const HTTP = 'https://blob.istio.io/istio-release/charts';
/** The lockstep group the four components publish their version under. */
const GROUP = 'istio';
/** The four components, in apply order, for messages. */
const MEMBERS = 'istio-base, istiod, istio-cni and ztunnel';

const WHY = 'read at the top level by templates/zzz_profile.yaml; values.yaml declares its defaults under _internal_defaults_do_not_set';

const DOCS: readonly DocLink[] = [
  { title: 'Install ambient mode with Helm', url: 'https://istio.io/latest/docs/ambient/install/helm/' },
  { title: 'Platform prerequisites (Cilium)', url: 'https://istio.io/latest/docs/ambient/install/platform-prerequisites/' },
  { title: 'Upgrade with Helm', url: 'https://istio.io/latest/docs/ambient/upgrade/helm/' },
];

/**
 * Declares one of the four components. Each instance also publishes the chart version it pins
 * (its `version` override or the package pin) as a `lockstep` fact, so that every member can
 * compare its version with the others'.
 */
function lockstep<S extends TObject>(spec: ComponentSpec<S>): ComponentFactory<S> {
  const plain = defineComponent(spec);
  const factory = (input?: ComponentInput<S>) => {
    const override = (input as { version?: unknown } | undefined)?.version;
    const version = typeof override === 'string' ? override : spec.chart!.version;
    return defineComponent({
      ...spec,
      release: releaseFor(spec),
      releaseDependsOn: () => (UPGRADES_AFTER[spec.name] ? [{ component: UPGRADES_AFTER[spec.name]!, readyExpr: 'chart-version' }] : []),
      facts: (v, ctx) => [...(spec.facts?.(v, ctx) ?? []), { kind: 'lockstep' as const, group: GROUP, version, path: 'version' }],
      check: (v, ctx) => [...(spec.check?.(v, ctx) ?? []), ...lockstepProblems(ctx)],
    })(input);
  };
  return Object.assign(factory, { spec: plain.spec });
}

/** The member each one is upgraded after (apply and upgrade order base → istiod → cni → ztunnel). */
const UPGRADES_AFTER: Readonly<Record<string, string>> = { istiod: 'istio-base', 'istio-cni': 'istiod', ztunnel: 'istio-cni' };
/** Members whose chart ships a ValidatingWebhookConfiguration that istiod rewrites at run time. */
const REWRITTEN_WEBHOOKS = new Set(['istio-base', 'istiod']);

/**
 * HelmRelease settings of a member:
 * - (in `releaseDependsOn`) the member before it, with `readyExpr: 'chart-version'`, so that a bump
 *   of all four (one commit, one Renovate group) still upgrades them in order: plain `dependsOn`
 *   only waits for Ready, which the old release already is.
 * - a drift-detection ignore rule for the webhooks' `failurePolicy` (RFC 6901 pointer: one webhook
 *   in each configuration), which istiod rewrites at run time. It takes effect when the cluster
 *   turns drift detection on.
 */
function releaseFor(spec: Pick<ComponentSpec, 'name' | 'release'>): ComponentSpec['release'] {
  return {
    ...spec.release,
    ...(REWRITTEN_WEBHOOKS.has(spec.name)
      ? { driftDetection: { ignore: [{ paths: ['/webhooks/0/failurePolicy'], target: { kind: 'ValidatingWebhookConfiguration' } }] } }
      : {}),
  };
}

/** A member whose version differs from the first member's (in cluster order) is reported, naming both. */
function lockstepProblems(ctx: ComponentContext): ValueProblem[] {
  const members = ctx.facts.all('lockstep').filter((f) => f.group === GROUP);
  const first = members[0];
  const mine = members.find((f) => f.from === ctx.name);
  if (!first || !mine || first.from === mine.from || first.version === mine.version) return [];
  return [
    {
      path: 'version',
      got: mine.version,
      message: `is ${mine.version}, but ${first.from} pins ${first.version}: ${MEMBERS} are released together and must run the same Istio version`,
      hint: `give ${MEMBERS} the same \`version\` (or none, for ${ISTIO_VERSION}); to upgrade, change all four in one commit`,
    },
  ];
}

const chartOf = (name: keyof typeof CHART_VERSIONS) => ({ name, version: CHART_VERSIONS[name], repository: HTTP, oci: `${OCI}/${name}` });

const Resources = (cpu: string, memory: string, what: string) =>
  withDefault(
    Type.Object({
      cpu: withDefault(Quantity({ description: `CPU request of ${what}.` }), cpu),
      memory: withDefault(Quantity({ description: `Memory request of ${what}.` }), memory),
    }),
    {},
  );

const LogAsJson = withDefault(Type.Boolean({ description: 'Log as JSON (for Loki and other log pipelines).' }), true);

// ---------------------------------------------------------------------------------------------
// base

/** The typed values of istio-base: none; the chart installs the CRDs and the default validator. */
export const IstioBaseValuesSchema = Type.Object({});

export const istioBase = lockstep({
  name: 'istio-base',
  title: 'Istio base',
  summary: 'Istio CRDs and the cluster-wide validating webhook, applied before the control plane',
  category: 'service-mesh',
  namespace: 'istio-system',
  podSecurity: 'privileged',
  chart: chartOf('base'),
  chartData: new URL('../charts/base/', import.meta.url),
  docs: DOCS,
  values: IstioBaseValuesSchema,
  // The CRDs are chart templates (`templates/crds.yaml`, kept on uninstall): they upgrade with the
  // release, so a HelmRelease crds policy has no effect.
  provides: () => ({ crd: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'] }),
  features: () => [
    'Istio CRDs (security, networking, telemetry, extensions), kept on uninstall (`helm.sh/resource-policy: keep`)',
    `Upgrades first: ${MEMBERS} move in lockstep, in this order`,
  ],
  security: () => ['Installs the `istiod-default-validator` ValidatingWebhookConfiguration: Istio objects are validated by istiod'],
  troubleshooting: () => [
    { title: 'Istio CRDs', commands: ['kubectl get crd | grep istio.io', 'kubectl get validatingwebhookconfigurations -l app=istiod'] },
  ],
});

// ---------------------------------------------------------------------------------------------
// istiod

const ExtAuthz = Type.Object({
  name: Name({ description: 'Provider name; an AuthorizationPolicy with `action: CUSTOM` names it in `provider`.' }),
  service: Hostname({ description: 'Service of the external authorizer, fully qualified (`ak-outpost.authentik.svc.cluster.local`).' }),
  port: Port({ description: 'Its HTTP port.' }),
  pathPrefix: Type.Optional(Type.String({ minLength: 1, description: 'Prefix of the check request path (`/outpost.goauthentik.io/auth/envoy`).' })),
  headersToUpstreamOnAllow: withDefault(Type.Array(Type.String({ minLength: 1 }), { description: 'Headers of an allowed check passed to the app.' }), []),
  headersToDownstreamOnDeny: withDefault(Type.Array(Type.String({ minLength: 1 }), { description: 'Headers of a denied check passed to the client.' }), []),
  includeRequestHeadersInCheck: withDefault(Type.Array(Type.String({ minLength: 1 }), { description: 'Request headers sent to the authorizer.' }), []),
});

const StringList = (description: string) => Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description }));

const PolicyRule = Type.Object(
  {
    from: Type.Optional(
      Type.Object(
        {
          principals: StringList('SPIFFE identities without the `spiffe://` prefix (`cluster.local/ns/monitoring/sa/grafana`). L4.'),
          namespaces: Type.Optional(Type.Array(Name(), { minItems: 1, description: 'Source namespaces. L4.' })),
          ipBlocks: Type.Optional(Type.Array(Cidr(), { minItems: 1, description: 'Source address blocks. L4.' })),
        },
        { description: 'Who the rule matches (`rules[].from[0].source`). Several fields must all match.' },
      ),
    ),
    to: Type.Optional(
      Type.Object(
        {
          ports: Type.Optional(Type.Array(Port(), { minItems: 1, description: 'Destination ports. L4.' })),
          hosts: StringList('Hosts (L7: needs a waypoint or gateway in `targetRefs`).'),
          methods: StringList('HTTP methods (L7: needs a waypoint or gateway in `targetRefs`).'),
          paths: StringList('HTTP paths (L7: needs a waypoint or gateway in `targetRefs`).'),
          notPaths: StringList('HTTP paths excluded (L7: needs a waypoint or gateway in `targetRefs`).'),
        },
        { description: 'What the rule matches (`rules[].to[0].operation`).' },
      ),
    ),
  },
  { description: 'One rule: it matches when `from` and `to` both match. An empty rule matches everything.' },
);

const AuthorizationPolicy = Type.Object({
  name: Name({ description: 'Name of the AuthorizationPolicy.' }),
  namespace: Name({ description: 'Its namespace; the Istio root namespace (`istio-system`) makes it mesh-wide.' }),
  action: withDefault(StringEnum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'], { description: 'What a match does.' }), 'ALLOW'),
  provider: Type.Optional(Name({ description: 'With `CUSTOM`: the `extAuthz` provider that decides.' })),
  selector: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Workload labels it applies to (`selector.matchLabels`). Not with `targetRefs`.' })),
  targetRefs: Type.Optional(
    Type.Array(
      Type.Object({
        kind: StringEnum(['Gateway', 'Service', 'ServiceEntry'], { description: 'Kind of the target.' }),
        name: Name({ description: 'Name of the Gateway (or waypoint) or Service.' }),
      }),
      { minItems: 1, description: 'Gateways, waypoints or Services it attaches to (needed for L7 rules in ambient mode).' },
    ),
  ),
  rules: withDefault(Type.Array(PolicyRule, { description: 'Rules; none: matches nothing (ALLOW) or everything is denied by DENY-less policies.' }), []),
});

const Tracing = Type.Object(
  {
    enabled: withDefault(Type.Boolean({ description: 'Send spans. `false` turns off the tracing the cluster would derive.' }), true),
    service: Type.Optional(
      Hostname({ description: 'OTLP gRPC receiver, fully qualified. Default: the `otlp-grpc` endpoint a component of the cluster publishes (e.g. Tempo).' }),
    ),
    port: Type.Optional(Port({ description: 'Its port. Default: from the endpoint, else 4317.' })),
    samplingPercent: withDefault(Type.Number({ minimum: 0, maximum: 100, description: 'Share of requests traced, in percent.' }), 10),
  },
  { description: 'Tracing provider (`meshConfig.extensionProviders[].opentelemetry`, the default tracing provider).' },
);

/** The typed values of istiod. */
export const IstiodValuesSchema = Type.Object({
  profile: withDefault(
    StringEnum(['ambient', 'default'], { description: 'Istio profile: `ambient` (ztunnel + istio-cni, no sidecars) or `default` (sidecars).' }),
    'ambient',
  ),
  replicas: withDefault(Type.Integer({ minimum: 1, description: 'istiod replicas (without autoscaling).' }), 1),
  autoscale: withDefault(
    Type.Object({
      enabled: withDefault(Type.Boolean({ description: 'Scale istiod with an HPA.' }), false),
      min: withDefault(Type.Integer({ minimum: 1, description: 'Least replicas.' }), 1),
      max: withDefault(Type.Integer({ minimum: 1, description: 'Most replicas.' }), 5),
    }),
    {},
  ),
  resources: Resources('100m', '512Mi', 'istiod (the chart default, 500m / 2Gi, is sized for large meshes)'),
  logAsJson: LogAsJson,
  mtls: withDefault(
    StringEnum(['STRICT', 'PERMISSIVE'], {
      description: 'Mesh-wide mTLS: a PeerAuthentication `default` in the root namespace. `STRICT` refuses plain-text traffic to meshed workloads.',
    }),
    'STRICT',
  ),
  accessLog: withDefault(Type.Boolean({ description: 'Envoy access logs to stdout, as JSON (`meshConfig.accessLogFile`).' }), true),
  extAuthz: withDefault(Type.Array(ExtAuthz, { uniqueBy: 'name', description: 'External authorizers (`envoyExtAuthzHttp` providers), e.g. an Authentik outpost.' }), []),
  authorizationPolicies: withDefault(Type.Array(AuthorizationPolicy, { uniqueBy: 'name', description: 'AuthorizationPolicies, emitted in `config/`.' }), []),
  tracing: Type.Optional(Tracing),
  serviceMonitor: Monitoring({ derived: true, description: 'ServiceMonitor for istiod (port `http-monitoring`, 15014). Default: on when the cluster runs a Prometheus Operator that watches every namespace (e.g. kube-prometheus-stack).' }),
});
type IstiodValues = Resolved<typeof IstiodValuesSchema>;

/** Where spans go: the typed value, else the cluster's `otlp-grpc` endpoint. */
function tracingTarget(v: IstiodValues, ctx: ComponentContext): { service: string; port: number; samplingPercent: number; from?: string } | undefined {
  const t = v.tracing;
  if (t && !t.enabled) return undefined;
  const samplingPercent = t?.samplingPercent ?? 10;
  // An OTLP gRPC receiver, else Tempo's query endpoint: Tempo receives OTLP gRPC on 4317 of the same Service.
  const otlp = ctx.facts.endpoint('otlp-grpc');
  const tempo = otlp ? undefined : ctx.facts.endpoint('tempo');
  const endpoint = otlp ?? tempo;
  const parsed = endpoint ? hostPort(endpoint.url) : undefined;
  const url = parsed && tempo ? { host: parsed.host, port: TEMPO_OTLP_GRPC_PORT } : parsed;
  if (t?.service) return { service: t.service, port: t.port ?? url?.port ?? 4317, samplingPercent };
  if (!url) return undefined;
  return { service: url.host, port: t?.port ?? url.port ?? 4317, samplingPercent, from: endpoint!.from };
}

/** A piece of the service-mesh diagram: control plane, the data plane on every node, telemetry. */
function meshDiagram(nodes: Diagram['nodes'], edges: Diagram['edges'] = []): Diagram {
  return {
    id: DIAGRAM.mesh,
    title: 'The mesh: istiod configures the data plane, which carries enrolled pods\' traffic and reports telemetry',
    topic: 'service-mesh',
    groups: [
      { id: 'control', label: 'Control plane' },
      { id: 'data', label: 'Data plane' },
      { id: 'telemetry', label: 'Telemetry' },
    ],
    nodes: [...nodes, { id: 'mesh:workloads', label: 'Enrolled pods' }],
    edges,
    legend: { traffic: 'pod traffic', config: 'configuration and certificates', telemetry: 'telemetry' },
  };
}

/** Host and port of an endpoint URL, with or without a scheme (`tempo.monitoring.svc.cluster.local:4317`). */
function hostPort(text: string): { host: string; port?: number } | undefined {
  try {
    const url = new URL(text.includes('://') ? text : `http://${text}`);
    return { host: url.hostname, ...(url.port ? { port: Number(url.port) } : {}) };
  } catch {
    return undefined;
  }
}

/** The port of Tempo's OTLP gRPC receiver (the tempo chart's default). */
const TEMPO_OTLP_GRPC_PORT = 4317;

const L7_FIELDS = ['hosts', 'methods', 'paths', 'notPaths'] as const;

function policyProblems(v: IstiodValues): ValueProblem[] {
  const providers = new Set(v.extAuthz.map((p) => p.name));
  return v.authorizationPolicies.flatMap((p, i) => {
    const at = `authorizationPolicies[${i}]`;
    const out: ValueProblem[] = [];
    if (p.action === 'CUSTOM' && !p.provider) {
      out.push({ code: 'VALUE_MISSING', path: `${at}.provider`, message: 'is required with action CUSTOM', hint: 'name the extAuthz provider that decides' });
    }
    if (p.provider && p.action !== 'CUSTOM') {
      out.push({ path: `${at}.provider`, message: `is only used with action CUSTOM, not ${p.action}`, got: p.provider, hint: 'remove it, or set action: CUSTOM' });
    }
    if (p.provider && p.action === 'CUSTOM' && !providers.has(p.provider)) {
      out.push({
        path: `${at}.provider`,
        message: 'names no extAuthz provider',
        got: p.provider,
        hint: providers.size > 0 ? `use one of ${[...providers].join(', ')}` : 'declare the provider in extAuthz',
      });
    }
    if (p.selector && p.targetRefs) {
      out.push({ path: `${at}.targetRefs`, message: 'cannot be combined with selector', hint: 'a policy attaches to workloads (selector) or to Gateways and Services (targetRefs), not both' });
    }
    if (v.profile === 'ambient' && !p.targetRefs) {
      p.rules.forEach((rule, r) => {
        const l7 = L7_FIELDS.find((f) => rule.to?.[f] !== undefined);
        if (l7) {
          out.push({
            path: `${at}.rules[${r}].to.${l7}`,
            message: 'is an HTTP attribute, which ztunnel cannot enforce: in ambient mode the policy would be rejected',
            hint: 'attach the policy to a waypoint or Gateway with targetRefs, or match on L4 fields (principals, namespaces, ipBlocks, ports)',
          });
        }
      });
    }
    return out;
  });
}

function authorizationPolicy(p: IstiodValues['authorizationPolicies'][number]): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: p.name, namespace: p.namespace },
    spec: {
      action: p.action,
      ...(p.provider ? { provider: { name: p.provider } } : {}),
      ...(p.selector ? { selector: { matchLabels: { ...p.selector } } } : {}),
      ...(p.targetRefs
        ? { targetRefs: p.targetRefs.map((t) => ({ group: t.kind === 'Gateway' ? 'gateway.networking.k8s.io' : t.kind === 'ServiceEntry' ? 'networking.istio.io' : '', kind: t.kind, name: t.name })) }
        : {}),
      ...(p.rules.length > 0
        ? {
            rules: p.rules.map((r) => ({
              ...(r.from ? { from: [{ source: { ...r.from } }] } : {}),
              ...(r.to ? { to: [{ operation: { ...r.to, ...(r.to.ports ? { ports: r.to.ports.map(String) } : {}) } }] } : {}),
            })),
          }
        : {}),
    },
  };
}

export const istiod = lockstep({
  name: 'istiod',
  title: 'Istiod',
  summary: 'Istio control plane: certificates, configuration and policy for the ambient mesh',
  category: 'service-mesh',
  namespace: 'istio-system',
  podSecurity: 'privileged',
  chart: chartOf('istiod'),
  chartData: new URL('../charts/istiod/', import.meta.url),
  crds: new URL('../crds/', import.meta.url),
  // The chart's values.yaml declares its defaults under `_internal_defaults_do_not_set`; the
  // templates (zzz_profile.yaml) read these keys at the top level, `profile` only there.
  chartContract: { unseen: [{ path: 'profile', why: WHY }, { path: 'replicaCount', why: WHY }, { path: 'autoscaleEnabled', why: WHY }, { path: 'autoscaleMin', why: WHY }, { path: 'autoscaleMax', why: WHY }, { path: 'resources', why: WHY }, { path: 'global', why: WHY }, { path: 'meshConfig', why: WHY }, { path: 'traceSampling', why: WHY }] },
  docs: [
    ...DOCS,
    { title: 'PeerAuthentication', url: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/' },
    { title: 'AuthorizationPolicy', url: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/' },
    { title: 'Tracing with OpenTelemetry', url: 'https://istio.io/latest/docs/tasks/observability/distributed-tracing/opentelemetry/' },
  ],
  values: IstiodValuesSchema,
  helmValues: (v, ctx) => {
    const tracing = tracingTarget(v, ctx);
    const prometheus = ctx.facts.endpoint('prometheus');
    const providers = [
      ...(tracing ? [{ name: 'otel-tracing', opentelemetry: { service: tracing.service, port: tracing.port } }] : []),
      ...(prometheus ? [{ name: 'prometheus', prometheus: {} }] : []),
      ...v.extAuthz.map((p) => ({
        name: p.name,
        envoyExtAuthzHttp: {
          service: p.service,
          port: p.port,
          ...(p.pathPrefix ? { pathPrefix: p.pathPrefix } : {}),
          ...(p.headersToUpstreamOnAllow.length ? { headersToUpstreamOnAllow: [...p.headersToUpstreamOnAllow] } : {}),
          ...(p.headersToDownstreamOnDeny.length ? { headersToDownstreamOnDeny: [...p.headersToDownstreamOnDeny] } : {}),
          ...(p.includeRequestHeadersInCheck.length ? { includeRequestHeadersInCheck: [...p.includeRequestHeadersInCheck] } : {}),
        },
      })),
    ];
    const defaultProviders = {
      ...(tracing ? { tracing: ['otel-tracing'] } : {}),
      ...(prometheus ? { metrics: ['prometheus'] } : {}),
    };
    return {
      ...(v.profile === 'ambient' ? { profile: 'ambient' } : {}),
      ...(v.autoscale.enabled
        ? { autoscaleEnabled: true, autoscaleMin: v.autoscale.min, autoscaleMax: v.autoscale.max }
        : { autoscaleEnabled: false, replicaCount: v.replicas }),
      resources: { requests: { cpu: v.resources.cpu, memory: v.resources.memory } },
      global: { logAsJson: v.logAsJson },
      // PILOT_TRACE_SAMPLING: the share of requests traced when no Telemetry object says otherwise.
      ...(tracing ? { traceSampling: tracing.samplingPercent } : {}),
      meshConfig: {
        ...(v.accessLog ? { accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON' } : {}),
        ...(providers.length > 0 ? { extensionProviders: providers } : {}),
        ...(Object.keys(defaultProviders).length > 0 ? { defaultProviders } : {}),
      },
    };
  },
  objects: (v, ctx) => [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ctx.namespace },
      spec: { mtls: { mode: v.mtls } },
    },
    ...v.authorizationPolicies.map(authorizationPolicy),
    ...(monitored(v.serviceMonitor, ctx.facts)
      ? [
          {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'ServiceMonitor',
            metadata: { name: 'istiod', namespace: ctx.namespace },
            spec: {
              selector: { matchLabels: { istio: 'pilot' } },
              namespaceSelector: { matchNames: [ctx.namespace] },
              endpoints: [{ port: 'http-monitoring', interval: '30s' }],
            },
          },
        ]
      : []),
  ],
  // istiod validates and enforces security.istio.io objects (its webhook rejects them while it is
  // down), so its own policies go to config/, after istiod is Ready, and any component that
  // emits them waits for istiod too. The CRDs themselves come from istio-base: the networking and
  // telemetry groups are needed from it alone, which orders istiod after istio-base.
  provides: (_, ctx) => ({ crd: ['security.istio.io'], configmap: [`${ctx.namespace}/istio`] }),
  needs: () => ({ crd: ['networking.istio.io', 'telemetry.istio.io'] }),
  configNeeds: (v) => ({ crd: v.authorizationPolicies.some((p) => p.targetRefs?.some((t) => t.kind === 'Gateway')) ? ['gateway.networking.k8s.io'] : [] }),
  facts: (v) => [{ kind: 'mesh', mode: v.profile === 'ambient' ? 'ambient' : 'sidecar', path: 'profile' }],
  check: (v) => [
    ...policyProblems(v),
    ...(v.autoscale.enabled && v.autoscale.min > v.autoscale.max
      ? [{ path: 'autoscale.min', message: `is more than autoscale.max (${v.autoscale.max})`, got: v.autoscale.min, hint: 'lower min or raise max' }]
      : []),
  ],
  features: (v, ctx) => {
    const tracing = tracingTarget(v, ctx);
    const prometheus = ctx.facts.endpoint('prometheus');
    return [
      v.profile === 'ambient' ? 'Ambient mode (`profile: ambient`): ztunnel and istio-cni, no sidecars' : 'Sidecar mode (`profile: default`)',
      v.autoscale.enabled ? `istiod autoscaled ${v.autoscale.min}–${v.autoscale.max}` : `istiod: ${v.replicas} replica${v.replicas > 1 ? 's' : ''}`,
      `Mesh-wide mTLS: ${v.mtls} (PeerAuthentication \`${ctx.namespace}/default\`)`,
      ...(v.accessLog ? ['Access logs as JSON on stdout'] : []),
      ...(tracing
        ? [`Tracing to \`${tracing.service}:${tracing.port}\` (OTLP gRPC), ${tracing.samplingPercent}% of requests${tracing.from ? `, the endpoint ${tracing.from} publishes` : ''}`]
        : []),
      ...(prometheus ? [`Metrics provider \`prometheus\` (scraped by ${prometheus.from})`] : []),
      ...v.extAuthz.map((p) => `External authorizer \`${p.name}\`: \`${p.service}:${p.port}\``),
      ...v.authorizationPolicies.map((p) => `AuthorizationPolicy \`${p.namespace}/${p.name}\`: ${p.action}${p.provider ? ` by ${p.provider}` : ''}`),
    ];
  },
  security: (v) => [
    v.mtls === 'STRICT'
      ? 'Meshed workloads accept mutual TLS only: plain-text clients outside the mesh are refused'
      : 'PERMISSIVE mTLS: meshed workloads still accept plain text',
    'istiod is the mesh CA: it signs every workload certificate',
    ...(v.authorizationPolicies.length === 0 ? ['No AuthorizationPolicy: every meshed workload may reach every other'] : []),
    ...(v.profile === 'ambient' ? ['In ambient mode ztunnel enforces L4 policy only; HTTP rules need a waypoint or Gateway in targetRefs'] : []),
    'Flux drift detection ignores `/webhooks/0/failurePolicy` of its ValidatingWebhookConfiguration: istiod rewrites it at run time',
  ],
  readme: (v, ctx) => {
    const tracing = tracingTarget(v, ctx);
    const prometheus = ctx.facts.endpoint('prometheus');
    const telemetry = [
      ...(tracing ? [{ id: 'mesh:tracing', label: `Traces\n${tracing.service}:${tracing.port}`, group: 'telemetry' }] : []),
      ...(prometheus ? [{ id: 'mesh:metrics', label: `Metrics\n${prometheus.from}`, group: 'telemetry' }] : []),
    ];
    return {
      health: [
        { command: 'istioctl proxy-status', expect: 'every proxy and ztunnel SYNCED' },
        { command: 'istioctl analyze -A', expect: 'No validation issues found' },
      ],
      topics: [
        {
          topic: 'service-mesh',
          facts: [
            v.profile === 'ambient'
              ? 'Ambient mode: namespaces join with the label `istio.io/dataplane-mode=ambient`; no sidecars'
              : 'Sidecar mode: namespaces join with the label `istio-injection=enabled`',
            `Mesh-wide mTLS ${v.mtls} (PeerAuthentication \`${ctx.namespace}/default\`)`,
          ],
        },
        {
          topic: 'service-mesh',
          section: 'Observability',
          facts: [
            tracing ? `Traces to \`${tracing.service}:${tracing.port}\`, ${tracing.samplingPercent}% of requests${tracing.from ? ` (derived from ${tracing.from})` : ''}` : 'No tracing provider',
            ...(prometheus ? [`Metrics for Prometheus (derived from ${prometheus.from})`] : []),
            ...(v.accessLog ? ['Access logs as JSON on stdout'] : []),
          ],
        },
        { topic: 'security', section: 'Certificate Management', facts: ['istiod is the mesh CA: it issues and rotates the certificate of every meshed workload'] },
        {
          topic: 'security',
          section: 'Access Control',
          facts: v.authorizationPolicies.length > 0
            ? v.authorizationPolicies.map((p) => `AuthorizationPolicy \`${p.namespace}/${p.name}\`: ${p.action}${p.provider ? ` by ${p.provider}` : ''}`)
            : ['No AuthorizationPolicy: every meshed workload may reach every other'],
        },
        {
          topic: 'maintenance',
          section: 'Scaling',
          facts: [v.autoscale.enabled ? `istiod autoscales from ${v.autoscale.min} to ${v.autoscale.max} replicas` : `istiod: ${v.replicas} replica${v.replicas === 1 ? '' : 's'}, no autoscaling (\`autoscale\`)`],
        },
      ],
      diagrams: [
        meshDiagram(
          [{ id: 'mesh:istiod', label: 'istiod\nconfiguration, certificates', group: 'control' }, ...telemetry],
          [
            { from: 'mesh:istiod', to: 'mesh:ztunnel', kind: 'config' },
            ...telemetry.map((t) => ({ from: 'mesh:ztunnel', to: t.id, kind: 'telemetry' })),
          ],
        ),
        ...(tracing ? [telemetryPiece([{ id: 'istio', label: 'Istio mesh\nspans of every request', stage: 'collect' }], [{ from: 'istio', to: 'tempo', kind: 'traces' }])] : []),
        securityLayer('mesh', 'mtls', `mTLS ${v.mtls}\n(PeerAuthentication)`),
        securityLayer('mesh', 'authz', `${v.authorizationPolicies.length} AuthorizationPolic${v.authorizationPolicies.length === 1 ? 'y' : 'ies'}`),
      ],
    };
  },
  troubleshooting: (_, ctx) => [
    {
      title: 'Control plane',
      commands: [
        `kubectl -n ${ctx.namespace} get deploy istiod`,
        `kubectl -n ${ctx.namespace} logs deploy/istiod --tail=100 | grep -i -E 'error|warn'`,
        'istioctl version',
        'istioctl analyze -A',
      ],
    },
    {
      title: 'mTLS and policies',
      commands: ['kubectl get peerauthentications,authorizationpolicies -A', 'istioctl ztunnel-config workloads'],
    },
    {
      title: 'Webhook failurePolicy and drift detection',
      commands: [
        'kubectl get validatingwebhookconfigurations istio-validator-istio-system -o jsonpath="{.webhooks[0].failurePolicy}"',
        '# istiod rewrites it at run time: the HelmRelease ignores /webhooks/0/failurePolicy (driftDetection.ignore)',
        `kubectl -n ${ctx.namespace} get helmrelease istiod -o jsonpath="{.spec.driftDetection}"`,
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// cni

/** The typed values of istio-cni. */
export const IstioCniValuesSchema = Type.Object({
  logAsJson: LogAsJson,
  cniBinDir: Type.Optional(AbsolutePath({ description: 'Node directory of CNI binaries. Default `/opt/cni/bin` (right for Talos).' })),
  cniConfDir: Type.Optional(AbsolutePath({ description: 'Node directory of CNI configurations. Default `/etc/cni/net.d` (right for Talos).' })),
  platform: Type.Optional(
    StringEnum(['k3s', 'k3d', 'microk8s', 'minikube', 'gke', 'eks', 'openshift'], {
      description: 'Distributions with their own CNI paths (`global.platform`). Leave unset on Talos and kubeadm.',
    }),
  ),
  resources: Resources('100m', '100Mi', 'each istio-cni node agent'),
});

export const istioCni = lockstep({
  name: 'istio-cni',
  title: 'Istio CNI',
  summary: 'Node agent that redirects the traffic of ambient pods to ztunnel',
  category: 'service-mesh',
  namespace: 'istio-system',
  podSecurity: 'privileged',
  chart: chartOf('cni'),
  chartData: new URL('../charts/cni/', import.meta.url),
  // Declared under `_internal_defaults_do_not_set`; read at the top level (`global.platform` only there).
  chartContract: { unseen: [{ path: 'profile', why: WHY }, { path: 'global', why: WHY }, { path: 'cniBinDir', why: WHY }, { path: 'cniConfDir', why: WHY }, { path: 'resources', why: WHY }] },
  docs: DOCS,
  values: IstioCniValuesSchema,
  helmValues: (v) => ({
    profile: 'ambient',
    global: { logAsJson: v.logAsJson, ...(v.platform ? { platform: v.platform } : {}) },
    ...(v.cniBinDir ? { cniBinDir: v.cniBinDir } : {}),
    ...(v.cniConfDir ? { cniConfDir: v.cniConfDir } : {}),
    resources: { requests: { cpu: v.resources.cpu, memory: v.resources.memory } },
  }),
  // The chart's ConfigMap: ztunnel is applied after it.
  provides: (_, ctx) => ({ configmap: [`${ctx.namespace}/istio-cni-config`] }),
  // The mesh configuration istiod's chart writes: istio-cni follows istiod (upgrade order).
  needs: (_, ctx) => ({ configmap: [`${ctx.namespace}/istio`] }),
  features: (v) => [
    'Ambient traffic redirection (`profile: ambient`), chained after the cluster CNI',
    `CNI paths: \`${v.cniBinDir ?? '/opt/cni/bin'}\`, \`${v.cniConfDir ?? '/etc/cni/net.d'}\`${v.platform ? ` (platform ${v.platform})` : ''}`,
  ],
  security: () => ['Runs privileged on every node (host CNI directories, enters pod network namespaces)'],
  readme: (_, ctx) => ({
    health: [{ command: `kubectl -n ${ctx.namespace} rollout status ds/istio-cni-node`, expect: 'successfully rolled out' }],
    diagrams: [meshDiagram([{ id: 'mesh:cni', label: 'istio-cni node agent\nredirects pod traffic', group: 'data' }], [{ from: 'mesh:cni', to: 'mesh:ztunnel', kind: 'traffic' }])],
  }),
  troubleshooting: (_, ctx) => [
    {
      title: 'Node agent',
      commands: [
        `kubectl -n ${ctx.namespace} get ds istio-cni-node`,
        `kubectl -n ${ctx.namespace} logs ds/istio-cni-node --tail=100 | grep -i -E 'error|failed'`,
        'kubectl get ns -L istio.io/dataplane-mode',
      ],
    },
    {
      title: 'Pods stuck in ContainerCreating, or not redirected',
      commands: ['# the cluster CNI removed istio-cni\'s configuration: Cilium needs cni.exclusive=false (fluxgen derives it)', 'kubectl -n kube-system get cm cilium-config -o jsonpath="{.data.cni-exclusive}"'],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// ztunnel

/** The typed values of ztunnel. */
export const ZtunnelValuesSchema = Type.Object({
  logAsJson: LogAsJson,
  logLevel: withDefault(StringEnum(['error', 'warn', 'info', 'debug'], { description: 'ztunnel log level.' }), 'info'),
  resources: Resources('200m', '512Mi', 'each ztunnel'),
  podMonitor: Monitoring({ derived: true, description: 'PodMonitor for ztunnel (port 15020, `/stats/prometheus`). Default: on when the cluster runs a Prometheus Operator that watches every namespace (e.g. kube-prometheus-stack).' }),
});

export const ztunnel = lockstep({
  name: 'ztunnel',
  title: 'ztunnel',
  summary: 'Per-node L4 proxy of the ambient mesh: mTLS and L4 policy for every enrolled pod',
  category: 'service-mesh',
  namespace: 'istio-system',
  podSecurity: 'privileged',
  chart: chartOf('ztunnel'),
  chartData: new URL('../charts/ztunnel/', import.meta.url),
  // Declared under `_internal_defaults_do_not_set`; read at the top level.
  chartContract: { unseen: [{ path: 'profile', why: WHY }, { path: 'logAsJson', why: WHY }, { path: 'logLevel', why: WHY }, { path: 'resources', why: WHY }] },
  docs: DOCS,
  values: ZtunnelValuesSchema,
  helmValues: (v) => ({
    profile: 'ambient',
    logAsJson: v.logAsJson,
    logLevel: v.logLevel,
    resources: { requests: { cpu: v.resources.cpu, memory: v.resources.memory } },
  }),
  objects: (v, ctx) =>
    monitored(v.podMonitor, ctx.facts)
      ? [
          {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'PodMonitor',
            metadata: { name: 'ztunnel', namespace: ctx.namespace },
            spec: {
              selector: { matchLabels: { app: 'ztunnel' } },
              namespaceSelector: { matchNames: [ctx.namespace] },
              podMetricsEndpoints: [{ portNumber: 15020, path: '/stats/prometheus', interval: '30s' }],
            },
          },
        ]
      : [],
  // After istio-cni: the node agent must redirect before ztunnel takes traffic (upgrade order).
  needs: (_, ctx) => ({ configmap: [`${ctx.namespace}/istio-cni-config`] }),
  features: (v) => [`L4 proxy on every node, log level ${v.logLevel}`],
  readme: () => ({
    health: [{ command: 'istioctl ztunnel-config workloads', expect: 'every enrolled pod listed with PROTOCOL HBONE' }],
    topics: [{ topic: 'service-mesh', section: 'Traffic', facts: ['ztunnel on every node carries the traffic of enrolled pods over HBONE (mTLS, L4 policy)'] }],
    diagrams: [
      meshDiagram([{ id: 'mesh:ztunnel', label: 'ztunnel on every node\nmTLS, L4 policy', group: 'data' }], [{ from: 'mesh:ztunnel', to: 'mesh:workloads', kind: 'traffic' }]),
    ],
  }),
  security: () => [
    'Runs on every node with NET_ADMIN, SYS_ADMIN and NET_RAW inside pod network namespaces',
    'Upgrading it in place resets the long-lived TCP connections of each node',
  ],
  troubleshooting: (_, ctx) => [
    {
      title: 'ztunnel',
      commands: [
        `kubectl -n ${ctx.namespace} get ds ztunnel`,
        `kubectl -n ${ctx.namespace} logs ds/ztunnel --tail=100 | grep -i -E 'error|warn'`,
        'istioctl ztunnel-config workloads   # enrolled pods show PROTOCOL HBONE',
      ],
    },
  ],
});

export type IstiodValuesInput = Static<typeof IstiodValuesSchema>;
