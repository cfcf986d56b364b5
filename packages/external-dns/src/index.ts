/**
 * external-dns: keeps DNS records at a provider in step with the cluster's routes, Services and
 * DNSEndpoints. One instance is one release for one provider (Cloudflare, RFC 2136, Pi-hole, or a
 * UniFi / OPNsense webhook sidecar); a cluster runs several side by side, each with its own `name`
 * (split DNS: public records at Cloudflare, LAN records at the router).
 */
import {
  defineComponent,
  DnsSubdomain,
  Host,
  Hostname,
  Monitoring,
  Name,
  Port,
  SecretSource,
  secretName,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ComponentContext,
  type ComponentInput,
  type ComponentInstance,
  type Resolved,
  type SecretUse,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';

/** The API group of the DNSEndpoint CRD, which every release of the chart carries in its `crds/`. */
const DNSENDPOINT_GROUP = 'externaldns.k8s.io';

/**
 * Webhook provider images, run as the chart's `provider.webhook` sidecar. Pinned here, not by
 * Renovate's chart manager: bump them by hand with the chart.
 */
const WEBHOOKS = {
  unifi: { repository: 'ghcr.io/kashalls/external-dns-unifi-webhook', tag: 'v0.8.2' },
  opnsense: { repository: 'ghcr.io/crutonjohn/external-dns-opnsense-webhook', tag: 'v0.1.0' },
} as const;

/** The sidecar runs as restricted as the chart's own container (the chart leaves it empty). */
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
};

const Cloudflare = Type.Object(
  {
    cloudflare: Type.Object(
      {
        apiToken: SecretSource,
        proxied: withDefault(Type.Boolean({ description: 'Create records proxied through Cloudflare (`--cloudflare-proxied`).' }), false),
      },
      {
        additionalProperties: false,
        description: 'Cloudflare with a scoped API token (Zone:DNS:Edit, Zone:Zone:Read), key `api-token` of the Secret (`CF_API_TOKEN`).',
      },
    ),
  },
  { additionalProperties: false },
);

const Rfc2136 = Type.Object(
  {
    rfc2136: Type.Object(
      {
        host: Host({ description: 'DNS server that accepts dynamic updates (`--rfc2136-host`).' }),
        port: withDefault(Port({ description: 'Its DNS port (`--rfc2136-port`).' }), 53),
        zone: Hostname({ description: 'Zone to update (`--rfc2136-zone`).' }),
        tsigKeyName: DnsSubdomain({ description: 'Name of the TSIG key (`--rfc2136-tsig-keyname`).' }),
        tsigAlgorithm: withDefault(
          StringEnum(['hmac-md5', 'hmac-sha1', 'hmac-sha256', 'hmac-sha512'], { description: 'TSIG algorithm (`--rfc2136-tsig-secret-alg`).' }),
          'hmac-sha256',
        ),
        tsigSecret: SecretSource,
        axfr: withDefault(Type.Boolean({ description: 'List records with a zone transfer (`--rfc2136-tsig-axfr`); the server must allow it for the key.' }), true),
      },
      { additionalProperties: false, description: 'RFC 2136 dynamic updates signed with TSIG, key `tsig-secret` of the Secret.' },
    ),
  },
  { additionalProperties: false },
);

const Pihole = Type.Object(
  {
    pihole: Type.Object(
      {
        server: Url({ schemes: ['http', 'https'], description: 'Pi-hole web address (`--pihole-server`), e.g. `http://pihole-web.pihole.svc`.' }),
        password: SecretSource,
      },
      {
        additionalProperties: false,
        description: 'Pi-hole 6 local DNS records, through external-dns\'s own `pihole` provider (API version 6); key `password` of the Secret.',
      },
    ),
  },
  { additionalProperties: false },
);

const Unifi = Type.Object(
  {
    unifi: Type.Object(
      {
        host: Url({ schemes: ['https'], description: 'UniFi console address (`UNIFI_HOST`), e.g. `https://192.168.1.1`.' }),
        apiKey: SecretSource,
        site: withDefault(Name({ description: 'UniFi site (`UNIFI_SITE`).' }), 'default'),
      },
      {
        additionalProperties: false,
        description: `UniFi Network (9.0+) through the webhook sidecar \`${WEBHOOKS.unifi.repository}\`; key \`api-key\` of the Secret (\`UNIFI_API_KEY\`).`,
      },
    ),
  },
  { additionalProperties: false },
);

const Opnsense = Type.Object(
  {
    opnsense: Type.Object(
      {
        host: Url({ schemes: ['https'], description: 'OPNsense address (`OPNSENSE_HOST`).' }),
        credentials: SecretSource,
        skipTLSVerify: withDefault(Type.Boolean({ description: 'Accept a self-signed OPNsense certificate (`OPNSENSE_SKIP_TLS_VERIFY`).' }), false),
      },
      {
        additionalProperties: false,
        description: `OPNsense Unbound host overrides through the webhook sidecar \`${WEBHOOKS.opnsense.repository}\`; keys \`api-key\` and \`api-secret\` of the Secret.`,
      },
    ),
  },
  { additionalProperties: false },
);

const SOURCES = [
  'service',
  'ingress',
  'gateway-httproute',
  'gateway-grpcroute',
  'gateway-tlsroute',
  'gateway-tcproute',
  'gateway-udproute',
  'istio-gateway',
  'istio-virtualservice',
  'crd',
  'node',
  'pod',
] as const;
const GATEWAY_SOURCES: ReadonlySet<string> = new Set(['gateway-httproute', 'gateway-grpcroute', 'gateway-tlsroute', 'gateway-tcproute', 'gateway-udproute']);
const ISTIO_SOURCES: ReadonlySet<string> = new Set(['istio-gateway', 'istio-virtualservice']);

/** The typed values of one external-dns instance. */
export const ExternalDnsValuesSchema = Type.Object({
  provider: Type.Union([Cloudflare, Rfc2136, Pihole, Unifi, Opnsense], {
    description: 'The DNS provider of this instance: `{ cloudflare }`, `{ rfc2136 }`, `{ pihole }`, `{ unifi }` or `{ opnsense }` (one per instance).',
  }),
  sources: withDefault(
    Type.Array(StringEnum(SOURCES), {
      minItems: 1,
      uniqueItems: true,
      description: 'Kinds of objects whose host names become records (`sources`). Gateway sources need the Gateway API CRDs, Istio ones Istio\'s, `crd` the DNSEndpoint CRD.',
    }),
    ['gateway-httproute', 'service'],
  ),
  domainFilters: Type.Array(Hostname({ description: 'A zone, e.g. `example.com`.' }), {
    minItems: 1,
    maxItems: 64,
    uniqueItems: true,
    description: 'Zones this instance manages (`domainFilters`); names outside them are left alone.',
  }),
  policy: withDefault(
    StringEnum(['sync', 'upsert-only', 'create-only'], {
      description: '`sync` also deletes the records it owns once their source is gone; `upsert-only` never deletes; `create-only` never updates (`policy`).',
    }),
    'sync',
  ),
  txtOwnerId: Type.Optional(
    Name({ description: 'Owner of the TXT registry records (`txtOwnerId`); unique per cluster and instance sharing a zone. Default: `<cluster>-<instance name>`.' }),
  ),
  txtPrefix: withDefault(
    Type.String({ minLength: 1, maxLength: 63, description: 'Prefix of the TXT registry records (`txtPrefix`); `%{record_type}` is replaced by the record type.' }),
    'k8s.%{record_type}-',
  ),
  gatewayName: Type.Optional(Name({ description: 'Only routes attached to Gateways of this name (`--gateway-name`).' })),
  crds: withDefault(
    Type.Boolean({
      description:
        'This instance installs and upgrades the DNSEndpoint CRD from its chart (Flux `install.crds: Create`, `upgrade.crds: CreateReplace`; otherwise `Skip`). Exactly one instance of a cluster may.',
    }),
    true,
  ),
  serviceMonitor: Monitoring({ description: 'ServiceMonitor for the external-dns metrics on :7979 (`serviceMonitor.enabled`).' }),
});
export type ExternalDnsValues = Static<typeof ExternalDnsValuesSchema>;
type Values = Resolved<typeof ExternalDnsValuesSchema>;
type Provider = Values['provider'];

type ProviderName = 'cloudflare' | 'rfc2136' | 'pihole' | 'unifi' | 'opnsense';

function providerName(p: Provider): ProviderName {
  return 'cloudflare' in p ? 'cloudflare' : 'rfc2136' in p ? 'rfc2136' : 'pihole' in p ? 'pihole' : 'unifi' in p ? 'unifi' : 'opnsense';
}

/** Secret keys each provider reads. */
const KEYS: Record<ProviderName, readonly string[]> = {
  cloudflare: ['api-token'],
  rfc2136: ['tsig-secret'],
  pihole: ['password'],
  unifi: ['api-key'],
  opnsense: ['api-key', 'api-secret'],
};

/** Providers without TXT records: no ownership registry, so external-dns owns every record under its filters. */
const NO_TXT: ReadonlySet<ProviderName> = new Set(['pihole', 'opnsense']);

const TITLES: Record<ProviderName, string> = {
  cloudflare: 'Cloudflare',
  rfc2136: 'RFC 2136',
  pihole: 'Pi-hole',
  unifi: 'UniFi (webhook)',
  opnsense: 'OPNsense (webhook)',
};

function credentialsOf(p: Provider): SecretSource {
  if ('cloudflare' in p) return p.cloudflare.apiToken;
  if ('rfc2136' in p) return p.rfc2136.tsigSecret;
  if ('pihole' in p) return p.pihole.password;
  if ('unifi' in p) return p.unifi.apiKey;
  return p.opnsense.credentials;
}

const fromSecret = (env: string, secret: string, key: string) => ({ name: env, valueFrom: { secretKeyRef: { name: secret, key } } });

/** The chart values of the provider: `provider`, `env` and its flags. */
function providerValues(p: Provider, secret: string): { values: Record<string, unknown>; args: string[] } {
  if ('cloudflare' in p) {
    return {
      values: { provider: { name: 'cloudflare' }, env: [fromSecret('CF_API_TOKEN', secret, 'api-token')] },
      args: ['--cloudflare-dns-records-per-page=5000', ...(p.cloudflare.proxied ? ['--cloudflare-proxied'] : [])],
    };
  }
  if ('rfc2136' in p) {
    const r = p.rfc2136;
    return {
      values: { provider: { name: 'rfc2136' }, env: [fromSecret('EXTERNAL_DNS_RFC2136_TSIG_SECRET', secret, 'tsig-secret')] },
      args: [
        `--rfc2136-host=${r.host}`,
        `--rfc2136-port=${r.port ?? 53}`,
        `--rfc2136-zone=${r.zone}`,
        `--rfc2136-tsig-keyname=${r.tsigKeyName}`,
        `--rfc2136-tsig-secret-alg=${r.tsigAlgorithm ?? 'hmac-sha256'}`,
        ...((r.axfr ?? true) ? ['--rfc2136-tsig-axfr'] : []),
      ],
    };
  }
  if ('pihole' in p) {
    return {
      values: { provider: { name: 'pihole' }, env: [fromSecret('EXTERNAL_DNS_PIHOLE_PASSWORD', secret, 'password')] },
      args: [`--pihole-server=${p.pihole.server}`, '--pihole-api-version=6'],
    };
  }
  const probes = {
    livenessProbe: { httpGet: { path: '/healthz', port: 'http-webhook' } },
    readinessProbe: { httpGet: { path: '/readyz', port: 'http-webhook' } },
  };
  if ('unifi' in p) {
    return {
      values: {
        provider: {
          name: 'webhook',
          webhook: {
            image: { ...WEBHOOKS.unifi },
            env: [{ name: 'UNIFI_HOST', value: p.unifi.host }, { name: 'UNIFI_SITE', value: p.unifi.site ?? 'default' }, fromSecret('UNIFI_API_KEY', secret, 'api-key')],
            securityContext: RESTRICTED_CONTAINER,
            ...probes,
          },
        },
      },
      args: [],
    };
  }
  return {
    values: {
      provider: {
        name: 'webhook',
        webhook: {
          image: { ...WEBHOOKS.opnsense },
          env: [
            { name: 'OPNSENSE_HOST', value: p.opnsense.host },
            { name: 'OPNSENSE_SKIP_TLS_VERIFY', value: String(p.opnsense.skipTLSVerify ?? false) },
            fromSecret('OPNSENSE_API_KEY', secret, 'api-key'),
            fromSecret('OPNSENSE_API_SECRET', secret, 'api-secret'),
          ],
          securityContext: RESTRICTED_CONTAINER,
          ...probes,
        },
      },
    },
    args: [],
  };
}

const spec = defineComponent({
  name: 'external-dns',
  title: 'ExternalDNS',
  summary: 'DNS records at a provider kept in step with the cluster\'s routes, Services and DNSEndpoints (one instance per provider)',
  category: 'networking',
  namespace: 'external-dns',
  podSecurity: 'restricted',
  // No upstream OCI chart (only community mirrors): the HTTP repository.
  // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
  chart: { name: 'external-dns', version: '1.21.1', repository: 'https://kubernetes-sigs.github.io/external-dns/' },
  docs: [
    { title: 'ExternalDNS documentation', url: 'https://kubernetes-sigs.github.io/external-dns/latest/' },
    { title: 'Helm chart', url: 'https://kubernetes-sigs.github.io/external-dns/latest/charts/external-dns/' },
    { title: 'Cloudflare tutorial', url: 'https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/cloudflare/' },
    { title: 'RFC 2136 tutorial', url: 'https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/rfc2136/' },
    { title: 'Pi-hole tutorial', url: 'https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/pihole/' },
    { title: 'Gateway API sources', url: 'https://kubernetes-sigs.github.io/external-dns/latest/docs/sources/gateway-api/' },
    { title: 'UniFi webhook', url: 'https://github.com/kashalls/external-dns-unifi-webhook' },
    { title: 'OPNsense webhook', url: 'https://github.com/crutonjohn/external-dns-opnsense-webhook' },
  ],
  values: ExternalDnsValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  helmValues: (v, ctx) => {
    const name = providerName(v.provider);
    const { values, args } = providerValues(v.provider, secretName(credentialsOf(v.provider), `${ctx.name}-credentials`));
    const txt = !NO_TXT.has(name);
    return {
      // Several releases share the namespace: their objects are named after the instance.
      fullnameOverride: ctx.name,
      ...values,
      sources: [...v.sources],
      domainFilters: [...v.domainFilters],
      policy: v.policy,
      registry: txt ? 'txt' : 'noop',
      ...(txt ? { txtOwnerId: ownerId(v, ctx), txtPrefix: v.txtPrefix } : {}),
      triggerLoopOnEvent: true,
      ...(args.length > 0 || v.gatewayName ? { extraArgs: [...args, ...(v.gatewayName ? [`--gateway-name=${v.gatewayName}`] : [])] } : {}),
      ...(v.serviceMonitor ? { serviceMonitor: { enabled: true } } : {}),
    };
  },
  secrets: (v, ctx): SecretUse[] => [
    {
      source: credentialsOf(v.provider),
      defaultName: `${ctx.name}-credentials`,
      keys: KEYS[providerName(v.provider)],
      purpose: `${TITLES[providerName(v.provider)]} credentials of \`${ctx.name}\``,
    },
  ],
  provides: (v) => (v.crds ? { crd: [DNSENDPOINT_GROUP] } : {}),
  needs: (v) => ({
    crd: [
      ...(v.sources.some((s) => GATEWAY_SOURCES.has(s)) ? ['gateway.networking.k8s.io'] : []),
      ...(v.sources.some((s) => ISTIO_SOURCES.has(s)) ? ['networking.istio.io'] : []),
      // The `crd` source lists DNSEndpoints from start: the instance that installs the CRD comes first.
      ...(v.sources.includes('crd') && !v.crds ? [DNSENDPOINT_GROUP] : []),
    ],
  }),
  facts: (v) => (v.crds ? [{ kind: 'crd-owner' as const, group: DNSENDPOINT_GROUP, path: 'crds' }] : []),
  check: (v, ctx) => crdOwnerProblems(v, ctx),
  features: (v, ctx) => {
    const name = providerName(v.provider);
    return [
      `${TITLES[name]} records for ${v.domainFilters.map((d) => `\`${d}\``).join(', ')} from ${v.sources.map((s) => `\`${s}\``).join(', ')}${v.gatewayName ? ` (routes of Gateways named \`${v.gatewayName}\` only)` : ''}`,
      `Policy \`${v.policy}\`${v.policy === 'sync' ? ': records it owns are deleted once their source is gone' : ''}`,
      NO_TXT.has(name)
        ? `No TXT ownership registry (${TITLES[name]} keeps no TXT records): every record under the domain filters counts as its own`
        : `TXT ownership registry: owner \`${ownerId(v, ctx)}\`, prefix \`${v.txtPrefix}\``,
      ...('cloudflare' in v.provider && v.provider.cloudflare.proxied ? ['Records proxied through Cloudflare'] : []),
      v.crds ? 'Installs and upgrades the DNSEndpoint CRD (externaldns.k8s.io)' : 'Leaves the DNSEndpoint CRD to another instance (Flux `crds: Skip`)',
    ];
  },
  security: (v) => {
    const name = providerName(v.provider);
    return [
      `The ${TITLES[name]} credentials can change every record of the zone: scope them to DNS edits of ${v.domainFilters.map((d) => `\`${d}\``).join(', ')}`,
      'Any namespace that can create a listed source object (route, Service…) with a host name under the filters publishes a record',
      ...(NO_TXT.has(name) && v.policy === 'sync'
        ? ['`sync` without a TXT registry deletes every record under the domain filters that no source asks for, hand-made ones included']
        : []),
      ...(name === 'unifi' || name === 'opnsense'
        ? [`The webhook sidecar is a community image (\`${WEBHOOKS[name].repository}:${WEBHOOKS[name].tag}\`), not an upstream one; it runs restricted`]
        : []),
      ...('opnsense' in v.provider && v.provider.opnsense.skipTLSVerify ? ['The OPNsense certificate is not verified'] : []),
    ];
  },
  readme: (v, ctx) => ({
    pods: [`app.kubernetes.io/instance=${ctx.name}`],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy ${ctx.name}`, expect: 'READY 1/1' },
      {
        command: `kubectl -n ${ctx.namespace} logs deploy/${ctx.name} -c external-dns --tail=50`,
        expect: 'no `level=error` lines; `All records are already up to date` once in step',
      },
    ],
    symptoms: [
      { symptom: 'A route or Service gets no DNS record', check: 'that its host name is under `domainFilters` and its kind is in `sources`, then the logs' },
      { symptom: 'Records flip between two values', check: 'two instances or clusters with the same TXT owner id on the same zone' },
    ],
    topics: [
      {
        topic: 'networking',
        section: 'DNS',
        facts: [
          `\`${ctx.name}\`: ${TITLES[providerName(v.provider)]} records for ${v.domainFilters.map((d) => `\`${d}\``).join(', ')} from ${v.sources.map((s) => `\`${s}\``).join(', ')} (policy \`${v.policy}\`)`,
        ],
      },
    ],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'What it sees and what it changes',
      commands: [
        `kubectl -n ${ctx.namespace} logs deploy/${ctx.name} -c external-dns --tail=200 | grep -E 'level=(error|warning)|Desired change|All records are already up to date'`,
        ...(providerName(v.provider) === 'unifi' || providerName(v.provider) === 'opnsense'
          ? [`kubectl -n ${ctx.namespace} logs deploy/${ctx.name} -c webhook --tail=100`]
          : []),
      ],
    },
    {
      title: 'Sources with host names under the filters',
      commands: [
        ...(v.sources.some((s) => GATEWAY_SOURCES.has(s)) ? ['kubectl get gateways,httproutes -A'] : []),
        ...(v.sources.includes('service') ? ['kubectl get services -A --field-selector spec.type=LoadBalancer'] : []),
        ...(v.sources.includes('ingress') ? ['kubectl get ingresses -A'] : []),
        ...(v.sources.includes('crd') ? ['kubectl get dnsendpoints.externaldns.k8s.io -A'] : []),
      ],
    },
    {
      title: 'Metrics (registry and provider errors)',
      commands: [
        `kubectl -n ${ctx.namespace} get --raw /api/v1/namespaces/${ctx.namespace}/services/${ctx.name}:7979/proxy/metrics | grep -E 'external_dns_(registry|source)_errors_total'`,
      ],
    },
  ],
});

function ownerId(v: Values, ctx: ComponentContext): string {
  return v.txtOwnerId ?? `${ctx.cluster}-${ctx.name}`;
}

/** Every release carries the DNSEndpoint CRD: only one may manage it, or they fight over it. */
function crdOwnerProblems(v: Values, ctx: ComponentContext): ValueProblem[] {
  if (!v.crds) return [];
  const owners = ctx.facts.all('crd-owner').filter((f) => f.group === DNSENDPOINT_GROUP);
  const first = owners[0];
  if (!first || first.from === ctx.name) return [];
  return [
    {
      path: 'crds',
      message: `installs the DNSEndpoint CRD (${DNSENDPOINT_GROUP}), which instance "${first.from}" already installs`,
      got: true,
      hint: `set crds: false on "${ctx.name}" (and every other external-dns instance but one): it is then ordered after "${first.from}" when it reads DNSEndpoints`,
    },
  ];
}

/** The CRD policy of the release follows `crds`, under whatever the instance sets in `release`. */
function withCrdPolicy(input: ComponentInput<typeof ExternalDnsValuesSchema>): ComponentInput<typeof ExternalDnsValuesSchema> {
  const install = input.crds === false ? 'Skip' : 'Create';
  const upgrade = input.crds === false ? 'Skip' : 'CreateReplace';
  const release = input.release ?? {};
  return {
    ...input,
    release: {
      ...release,
      install: { crds: install, ...release.install },
      upgrade: { crds: upgrade, ...release.upgrade },
    },
  };
}

/**
 * external-dns, one instance per provider: `externalDns({ name: 'external-dns-cloudflare',
 * provider: { cloudflare: { apiToken: … } }, domainFilters: ['example.com'] })`.
 */
export const externalDns = Object.assign(
  (input: ComponentInput<typeof ExternalDnsValuesSchema>): ComponentInstance =>
    spec(typeof input === 'object' && input !== null ? withCrdPolicy(input) : input),
  { spec: spec.spec },
);
