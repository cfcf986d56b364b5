/**
 * cert-manager: X.509 certificates from ACME (Let's Encrypt), a CA or a self-signed issuer. The
 * chart installs and upgrades its own CRDs; the typed ClusterIssuers and Certificates are applied
 * once the CRDs and the webhook are up (`config/`), and each Certificate provides its Secret to the
 * rest of the cluster (a Gateway listener's certificate, for instance).
 */
import {
  defineComponent,
  DnsSubdomain,
  Email,
  GatewayParent,
  Hostname,
  Host,
  IpAddress,
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
  type KubeObject,
  type Resolved,
  type SecretUse,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';

/** Let's Encrypt's ACME directories, by the short names the typed values accept. */
const ACME_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

const Cloudflare = Type.Object(
  {
    cloudflare: Type.Object(
      {
        apiToken: SecretSource,
      },
      {
        additionalProperties: false,
        description:
          'Cloudflare DNS-01 with a scoped API token (Zone:DNS:Edit and Zone:Zone:Read), key `api-token` of the Secret (`dns01.cloudflare.apiTokenSecretRef`).',
      },
    ),
  },
  { additionalProperties: false },
);

const Rfc2136 = Type.Object(
  {
    rfc2136: Type.Object(
      {
        nameserver: Host({ description: 'Authoritative DNS server that accepts the dynamic updates (BIND, Knot, PowerDNS…).' }),
        port: withDefault(Port({ description: 'Its DNS port.' }), 53),
        tsigKeyName: DnsSubdomain({ description: 'Name of the TSIG key (`dns01.rfc2136.tsigKeyName`).' }),
        tsigAlgorithm: withDefault(
          StringEnum(['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'], { description: 'TSIG algorithm (`dns01.rfc2136.tsigAlgorithm`).' }),
          'HMACSHA256',
        ),
        tsigSecret: SecretSource,
      },
      {
        additionalProperties: false,
        description: 'RFC 2136 dynamic DNS updates signed with a TSIG key, key `tsig-secret` of the Secret (`dns01.rfc2136`).',
      },
    ),
  },
  { additionalProperties: false },
);

const Route53 = Type.Object(
  {
    route53: Type.Object(
      {
        region: Type.String({ minLength: 1, maxLength: 32, description: 'AWS region of the API endpoint, e.g. `us-east-1` (`dns01.route53.region`).' }),
        hostedZoneID: Type.Optional(
          Type.String({ minLength: 1, maxLength: 64, description: 'Hosted zone to update; unset: cert-manager looks it up (`dns01.route53.hostedZoneID`).' }),
        ),
        credentials: SecretSource,
      },
      {
        additionalProperties: false,
        description:
          'AWS Route53 with an IAM access key: keys `access-key-id` and `secret-access-key` of the Secret (`dns01.route53.accessKeyIDSecretRef`, `secretAccessKeySecretRef`).',
      },
    ),
  },
  { additionalProperties: false },
);

const Http01 = Type.Object(
  {
    http01: Type.Object(
      {
        gateway: GatewayParent({
          description:
            'Gateway the solver\'s HTTPRoute attaches to (`http01.gatewayHTTPRoute.parentRefs`): it must have a plain HTTP listener on port 80 that Let\'s Encrypt can reach. Needs `gatewayAPI: true`.',
        }),
      },
      { additionalProperties: false, description: 'HTTP-01 through a Gateway API HTTPRoute (no wildcards).' },
    ),
  },
  { additionalProperties: false },
);

const Solver = Type.Union([Cloudflare, Rfc2136, Route53, Http01], {
  description: 'How the ACME challenge is solved: `{ cloudflare }`, `{ rfc2136 }`, `{ route53 }` (DNS-01) or `{ http01: { gateway } }`.',
});

const Acme = Type.Object(
  {
    server: withDefault(
      Type.Union([StringEnum(['production', 'staging']), Url({ schemes: ['https'] })], {
        description: "ACME directory: `production` or `staging` (Let's Encrypt), or the https URL of another ACME CA (`acme.server`).",
      }),
      'production',
    ),
    email: Type.Optional(Email({ description: 'Contact for expiry notices of the ACME account (`acme.email`).' })),
    profile: Type.Optional(
      StringEnum(['classic', 'tlsserver', 'shortlived'], { description: "Let's Encrypt certificate profile (`acme.profile`)." }),
    ),
    solver: Solver,
    dnsZones: withDefault(
      Type.Array(Hostname({ description: 'A DNS zone, e.g. `example.com`.' }), {
        uniqueItems: true,
        maxItems: 64,
        description: 'Zones the solver answers for (`solvers[].selector.dnsZones`). Empty: every name.',
      }),
      [],
    ),
  },
  { additionalProperties: false, description: 'An ACME issuer.' },
);

const IssuerName = Name({ description: 'ClusterIssuer name (`metadata.name`), what Certificates name in `issuer`.' });

const Issuer = Type.Union(
  [
    Type.Object({ name: IssuerName, acme: Acme }, { additionalProperties: false }),
    Type.Object(
      { name: IssuerName, selfSigned: Type.Object({}, { additionalProperties: false, description: 'Self-signed: signs each certificate with its own key.' }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        name: IssuerName,
        ca: Type.Object(
          {
            secretName: Name({
              description:
                'The `kubernetes.io/tls` Secret of the CA in the component\'s namespace (`ca.secretName`): one of `certificates` with `isCA`, or one made outside this tree (list it as `secret:<namespace>/<name>` in the cluster\'s `external`).',
            }),
          },
          { additionalProperties: false, description: 'Signs certificates with a CA key pair held in a Secret.' },
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A ClusterIssuer: `{ name, acme }`, `{ name, selfSigned: {} }` or `{ name, ca: { secretName } }`.' },
);

const Certificate = Type.Object(
  {
    name: Name({ description: 'Certificate name (`metadata.name`).' }),
    namespace: Type.Optional(
      Name({ description: 'Namespace of the Certificate and its Secret; must exist in the cluster. Default: the component\'s namespace.' }),
    ),
    dnsNames: Type.Array(Hostname({ wildcard: true, description: 'A DNS name or wildcard (`*.example.com`).' }), {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: 'Names the certificate is valid for (`spec.dnsNames`).',
    }),
    issuer: Name({ description: 'Name of the ClusterIssuer: one of `issuers`, or one of `externalIssuers` (`spec.issuerRef`).' }),
    secretName: Name({ description: 'The `kubernetes.io/tls` Secret the certificate is stored in (`spec.secretName`).' }),
    isCA: withDefault(Type.Boolean({ description: 'A CA certificate, to back a `ca` issuer (`spec.isCA`).' }), false),
  },
  { additionalProperties: false, description: 'A Certificate (cert-manager.io/v1).' },
);

/** The typed values of cert-manager. */
export const CertManagerValuesSchema = Type.Object({
  replicas: withDefault(
    Type.Integer({
      minimum: 1,
      maximum: 5,
      description: 'Replicas of the controller and the webhook (`replicaCount`, `webhook.replicaCount`); 2 or more also adds PodDisruptionBudgets.',
    }),
    1,
  ),
  recursiveNameservers: withDefault(
    Type.Array(
      Type.Union([Url({ schemes: ['https'] }), IpAddress()], {
        description: 'A DNS-over-HTTPS URL (`https://1.1.1.1/dns-query`) or the IP address of a resolver (port 53).',
      }),
      {
        minItems: 1,
        maxItems: 8,
        uniqueItems: true,
        description:
          'Resolvers of the DNS-01 self-check (`dns01RecursiveNameservers`). Public ones, so that split-horizon DNS does not answer with the internal zone.',
      },
    ),
    ['https://1.1.1.1/dns-query', 'https://1.0.0.1/dns-query'],
  ),
  recursiveNameserversOnly: withDefault(
    Type.Boolean({ description: 'Ask only `recursiveNameservers` during the DNS-01 self-check (`dns01RecursiveNameserversOnly`).' }),
    true,
  ),
  gatewayAPI: withDefault(
    Type.Boolean({
      description:
        'Gateway API support in the controller (`--enable-gateway-api`): HTTP-01 through a Gateway, certificates from annotated Gateways. Needs the Gateway API CRDs before the controller starts.',
    }),
    false,
  ),
  issuers: withDefault(Type.Array(Issuer, { uniqueBy: 'name', maxItems: 32, description: 'ClusterIssuers, applied once the CRDs are in (`config/`).' }), []),
  externalIssuers: withDefault(
    Type.Array(Name(), {
      uniqueItems: true,
      maxItems: 32,
      description: 'ClusterIssuers made outside this tree that `certificates` may name.',
    }),
    [],
  ),
  certificates: withDefault(
    Type.Array(Certificate, {
      uniqueBy: 'name',
      maxItems: 256,
      description: 'Certificates, applied once the CRDs are in (`config/`); each provides `secret:<namespace>/<secretName>` to the cluster.',
    }),
    [],
  ),
  serviceMonitor: Monitoring({ description: 'ServiceMonitor for the controller metrics, port `http-metrics` (9402) (`prometheus.servicemonitor.enabled`).' }),
});
export type CertManagerValues = Static<typeof CertManagerValuesSchema>;
type Values = Resolved<typeof CertManagerValuesSchema>;
type IssuerValue = Values['issuers'][number];
type AcmeValue = Extract<IssuerValue, { acme: unknown }>['acme'];
type CertificateValue = Values['certificates'][number];

/** Secret keys each DNS-01 provider reads. */
const KEYS = {
  cloudflare: ['api-token'],
  rfc2136: ['tsig-secret'],
  route53: ['access-key-id', 'secret-access-key'],
} as const;

export const certManager = defineComponent({
  name: 'cert-manager',
  title: 'cert-manager',
  summary: 'X.509 certificates from ACME (Let\'s Encrypt), a CA or self-signed issuers, renewed before they expire',
  category: 'security',
  namespace: 'cert-manager',
  // Every pod of the chart (controller, webhook, cainjector, startupapicheck) runs restricted by default.
  podSecurity: 'restricted',
  // The chart version has a `v` prefix; `1.21.1` does not resolve.
  // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
  chart: { name: 'cert-manager', version: 'v1.21.1', oci: 'oci://quay.io/jetstack/charts/cert-manager', repository: 'https://charts.jetstack.io' },
  docs: [
    { title: 'cert-manager documentation', url: 'https://cert-manager.io/docs/' },
    { title: 'Helm installation', url: 'https://cert-manager.io/docs/installation/helm/' },
    { title: 'ACME DNS-01 (Cloudflare, RFC 2136, Route53)', url: 'https://cert-manager.io/docs/configuration/acme/dns01/' },
    { title: 'ACME HTTP-01 through the Gateway API', url: 'https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver' },
    { title: 'Prometheus metrics', url: 'https://cert-manager.io/docs/devops-tips/prometheus-metrics/' },
  ],
  values: CertManagerValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  crds: new URL('../crds/', import.meta.url),
  helmValues: (v) => ({
    // The CRDs are chart templates, off by default: installed and upgraded with the release, and kept
    // when it is uninstalled (`helm.sh/resource-policy: keep`), so that no Certificate is deleted.
    crds: { enabled: true, keep: true },
    replicaCount: v.replicas,
    podDisruptionBudget: { enabled: v.replicas > 1 },
    webhook: { replicaCount: v.replicas, podDisruptionBudget: { enabled: v.replicas > 1 } },
    dns01RecursiveNameservers: v.recursiveNameservers.map(nameserver).join(','),
    dns01RecursiveNameserversOnly: v.recursiveNameserversOnly,
    // The flag, not `config.enableGatewayAPI`: `config` is a free object the chart schema does not
    // check, and v1.21's values.yaml shows `gatewayAPI.enabled` where v1.20's showed
    // `enableGatewayAPI`; the flag is what the HTTP-01 Gateway docs give, whatever the config version.
    ...(v.gatewayAPI ? { extraArgs: ['--enable-gateway-api'] } : {}),
    // The ServiceMonitor selects the metrics port by name: `http-metrics` since v1.21 (it was
    // `tcp-prometheus-servicemonitor`), which the chart now sets itself.
    ...(v.serviceMonitor ? { prometheus: { enabled: true, servicemonitor: { enabled: true } } } : {}),
  }),
  secrets: (v) => v.issuers.flatMap((issuer) => issuerSecrets(issuer)),
  objects: (v, ctx) => [...v.issuers.map((issuer) => clusterIssuer(issuer, ctx)), ...v.certificates.map((c) => certificate(c, ctx))],
  provides: (v, ctx) => ({
    crd: ['cert-manager.io', 'acme.cert-manager.io'],
    secret: [
      ...v.certificates.map((c) => `${c.namespace ?? ctx.namespace}/${c.secretName}`),
      // The controller creates each ACME account's key Secret when it registers the account.
      ...v.issuers.flatMap((i) => ('acme' in i ? [`${ctx.namespace}/${accountKey(i.name)}`] : [])),
    ],
  }),
  // The controller exits at start when Gateway support is on and the Gateway API CRDs are missing.
  needs: (v) => (v.gatewayAPI ? { crd: ['gateway.networking.k8s.io'] } : {}),
  // A CA issuer's Secret that none of its own Certificates makes must exist.
  configNeeds: (v, ctx) => {
    const own = new Set(v.certificates.filter((c) => (c.namespace ?? ctx.namespace) === ctx.namespace).map((c) => c.secretName));
    const secrets = v.issuers.flatMap((i) => ('ca' in i && !own.has(i.ca.secretName) ? [`${ctx.namespace}/${i.ca.secretName}`] : []));
    return secrets.length > 0 ? { secret: secrets } : {};
  },
  check: (v, ctx) => [...issuerProblems(v, ctx), ...certificateProblems(v)],
  features: (v, ctx) => [
    'CRDs installed and upgraded with the release, kept when it is removed (`crds.enabled`, `crds.keep`)',
    `DNS-01 self-check asks ${v.recursiveNameservers.map((n) => `\`${n}\``).join(', ')}${v.recursiveNameserversOnly ? ' only' : ' first'}`,
    ...(v.gatewayAPI ? ['Gateway API support (`--enable-gateway-api`): HTTP-01 through Gateways, certificates for annotated Gateways'] : []),
    ...(v.replicas > 1 ? [`${v.replicas} controller and webhook replicas with PodDisruptionBudgets`] : []),
    ...v.issuers.map((i) => `ClusterIssuer \`${i.name}\`: ${describeIssuer(i)}`),
    ...v.certificates.map(
      (c) =>
        `Certificate \`${c.namespace ?? ctx.namespace}/${c.name}\`${c.isCA ? ' (CA)' : ''} for ${c.dnsNames.map((d) => `\`${d}\``).join(', ')} from \`${c.issuer}\`, stored in Secret \`${c.secretName}\``,
    ),
  ],
  security: (v, ctx) => [
    'Every pod runs restricted: non-root, read-only root file system, no capabilities, RuntimeDefault seccomp',
    'The webhook is called by the API server for every cert-manager object: a NetworkPolicy or mesh must let the API server reach it',
    ...(v.issuers.some((i) => 'acme' in i && !('http01' in i.acme.solver))
      ? [`DNS provider credentials live in Secrets in \`${ctx.namespace}\` (the cluster resource namespace): scope them to DNS edits of the issuer's zones`]
      : []),
    ...(v.issuers.some((i) => 'selfSigned' in i || 'ca' in i)
      ? ['Self-signed and CA-issued certificates are trusted by nobody until their CA is distributed to the clients']
      : []),
    ...(v.issuers.some((i) => 'ca' in i) ? [`The CA private key sits in a Secret in \`${ctx.namespace}\`: whoever reads it can issue certificates`] : []),
  ],
  readme: (v, ctx) => ({
    // Controller, webhook and cainjector all carry the release label.
    pods: [`app.kubernetes.io/instance=${ctx.name}`],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy -l app.kubernetes.io/instance=${ctx.name}`, expect: 'cert-manager, cert-manager-webhook and cert-manager-cainjector READY' },
      ...(v.issuers.length > 0 ? [{ command: 'kubectl get clusterissuers', expect: `${v.issuers.map((i) => i.name).join(', ')} READY True` }] : []),
      ...(v.certificates.length > 0 ? [{ command: 'kubectl get certificates -A', expect: 'every Certificate READY True, expiry in the future' }] : []),
    ],
    symptoms: [
      { symptom: 'Applying a ClusterIssuer or Certificate fails with `failed calling webhook "webhook.cert-manager.io"`', check: 'the webhook pods and `kubectl -n ' + ctx.namespace + ' get endpoints cert-manager-webhook`; a NetworkPolicy or mesh may block the API server' },
      ...(v.issuers.some((i) => 'acme' in i)
        ? [{ symptom: 'A Certificate stays not ready for minutes', check: 'its Challenge (`kubectl describe challenges -A`): DNS propagation seen by `recursiveNameservers`, provider permissions, or an HTTP-01 route that is not reachable on port 80' }]
        : []),
    ],
    topics: [
      {
        topic: 'security',
        section: 'Certificate Management',
        facts: [
          ...v.issuers.map((i) => `ClusterIssuer \`${i.name}\`: ${describeIssuer(i)}`),
          ...v.certificates.map((c) => `Certificate \`${c.namespace ?? ctx.namespace}/${c.name}\` → Secret \`${c.secretName}\` (${c.dnsNames.map((d) => `\`${d}\``).join(', ')})`),
        ],
      },
    ],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Controller, webhook and cainjector',
      commands: [
        `kubectl -n ${ctx.namespace} rollout status deploy/cert-manager-webhook`,
        `kubectl -n ${ctx.namespace} get endpoints cert-manager-webhook`,
        `kubectl -n ${ctx.namespace} logs deploy/cert-manager --tail=100`,
        'kubectl get crd certificates.cert-manager.io clusterissuers.cert-manager.io',
      ],
    },
    {
      title: 'Issuers and certificates (READY must be True)',
      commands: ['kubectl get clusterissuers -o wide', 'kubectl get certificates -A', `flux get kustomization ${ctx.name}-config -n ${ctx.fluxNamespace}`],
    },
    ...(v.issuers.some((i) => 'acme' in i)
      ? [
          {
            title: 'A stuck ACME order (DNS propagation, HTTP-01 reachability, provider permissions)',
            commands: [
              'kubectl get certificaterequests,orders.acme.cert-manager.io,challenges.acme.cert-manager.io -A',
              'kubectl describe challenges.acme.cert-manager.io -A',
              ...(v.issuers.some((i) => 'acme' in i && 'http01' in i.acme.solver) ? ['kubectl get httproutes -A -l acme.cert-manager.io/http01-solver=true'] : []),
            ],
          },
        ]
      : []),
    ...(v.serviceMonitor
      ? [{ title: 'Metrics (port http-metrics since v1.21)', commands: [`kubectl -n ${ctx.namespace} get servicemonitor cert-manager -o yaml`] }]
      : []),
  ],
});

/** `1.1.1.1` → `1.1.1.1:53`, `2606:4700::1111` → `[2606:4700::1111]:53`; DoH URLs as written. */
function nameserver(n: string): string {
  if (n.startsWith('https://')) return n;
  return n.includes(':') ? `[${n}]:53` : `${n}:53`;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function acmeServer(server: string): string {
  return server === 'production' || server === 'staging' ? ACME_SERVERS[server] : server;
}

function accountKey(issuer: string): string {
  return `${issuer}-account-key`;
}

function credentialSecret(issuer: string, provider: keyof typeof KEYS): string {
  return `${issuer}-${provider}`;
}

/** The Secrets an issuer's solver reads (in the cluster resource namespace, the component's). */
function issuerSecrets(issuer: IssuerValue): SecretUse[] {
  if (!('acme' in issuer)) return [];
  const s = issuer.acme.solver;
  if ('cloudflare' in s) {
    return [{ source: s.cloudflare.apiToken, defaultName: credentialSecret(issuer.name, 'cloudflare'), keys: KEYS.cloudflare, purpose: `Cloudflare API token of ClusterIssuer \`${issuer.name}\`` }];
  }
  if ('rfc2136' in s) {
    return [{ source: s.rfc2136.tsigSecret, defaultName: credentialSecret(issuer.name, 'rfc2136'), keys: KEYS.rfc2136, purpose: `TSIG key \`${s.rfc2136.tsigKeyName}\` of ClusterIssuer \`${issuer.name}\`` }];
  }
  if ('route53' in s) {
    return [{ source: s.route53.credentials, defaultName: credentialSecret(issuer.name, 'route53'), keys: KEYS.route53, purpose: `AWS access key of ClusterIssuer \`${issuer.name}\`` }];
  }
  return [];
}

function solver(issuer: string, acme: AcmeValue): Record<string, unknown> {
  const s = acme.solver;
  const zones = acme.dnsZones ?? [];
  const selector = zones.length > 0 ? { selector: { dnsZones: [...zones] } } : {};
  if ('cloudflare' in s) {
    const name = secretName(s.cloudflare.apiToken, credentialSecret(issuer, 'cloudflare'));
    return { dns01: { cloudflare: { apiTokenSecretRef: { name, key: KEYS.cloudflare[0] } } }, ...selector };
  }
  if ('rfc2136' in s) {
    const r = s.rfc2136;
    const name = secretName(r.tsigSecret, credentialSecret(issuer, 'rfc2136'));
    return {
      dns01: {
        rfc2136: {
          nameserver: hostPort(r.nameserver, r.port ?? 53),
          tsigKeyName: r.tsigKeyName,
          tsigAlgorithm: r.tsigAlgorithm ?? 'HMACSHA256',
          tsigSecretSecretRef: { name, key: KEYS.rfc2136[0] },
        },
      },
      ...selector,
    };
  }
  if ('route53' in s) {
    const r = s.route53;
    const name = secretName(r.credentials, credentialSecret(issuer, 'route53'));
    return {
      dns01: {
        route53: {
          region: r.region,
          ...(r.hostedZoneID ? { hostedZoneID: r.hostedZoneID } : {}),
          accessKeyIDSecretRef: { name, key: KEYS.route53[0] },
          secretAccessKeySecretRef: { name, key: KEYS.route53[1] },
        },
      },
      ...selector,
    };
  }
  const g = s.http01.gateway;
  return {
    http01: {
      gatewayHTTPRoute: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: g.name, namespace: g.namespace, ...(g.sectionName ? { sectionName: g.sectionName } : {}) }],
      },
    },
    ...selector,
  };
}

function clusterIssuer(issuer: IssuerValue, _ctx: ComponentContext): KubeObject {
  const spec =
    'acme' in issuer
      ? {
          acme: {
            server: acmeServer(issuer.acme.server ?? 'production'),
            ...(issuer.acme.email ? { email: issuer.acme.email } : {}),
            ...(issuer.acme.profile ? { profile: issuer.acme.profile } : {}),
            privateKeySecretRef: { name: accountKey(issuer.name) },
            solvers: [solver(issuer.name, issuer.acme)],
          },
        }
      : 'selfSigned' in issuer
        ? { selfSigned: {} }
        : { ca: { secretName: issuer.ca.secretName } };
  return { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: issuer.name }, spec };
}

function certificate(c: CertificateValue, ctx: ComponentContext): KubeObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: c.name, namespace: c.namespace ?? ctx.namespace },
    spec: {
      secretName: c.secretName,
      ...(c.isCA ? { isCA: true, commonName: c.dnsNames[0] } : {}),
      dnsNames: [...c.dnsNames],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: c.issuer },
    },
  };
}

function describeIssuer(i: IssuerValue): string {
  if ('selfSigned' in i) return 'self-signed';
  if ('ca' in i) return `CA from Secret \`${i.ca.secretName}\``;
  const s = i.acme.solver;
  const how =
    'cloudflare' in s
      ? 'DNS-01 through Cloudflare'
      : 'rfc2136' in s
        ? `DNS-01 through RFC 2136 at \`${hostPort(s.rfc2136.nameserver, s.rfc2136.port ?? 53)}\``
        : 'route53' in s
          ? `DNS-01 through Route53 (${s.route53.region})`
          : `HTTP-01 through Gateway \`${s.http01.gateway.namespace}/${s.http01.gateway.name}\``;
  const dnsZones = i.acme.dnsZones ?? [];
  const zones = dnsZones.length > 0 ? ` for ${dnsZones.map((z) => `\`${z}\``).join(', ')}` : '';
  return `ACME \`${acmeServer(i.acme.server ?? 'production')}\`, ${how}${zones}`;
}

/** HTTP-01 needs Gateway support in the controller and a plain HTTP listener on port 80. */
function issuerProblems(v: Values, ctx: ComponentContext): ValueProblem[] {
  return v.issuers.flatMap((issuer, i): ValueProblem[] => {
    if (!('acme' in issuer) || !('http01' in issuer.acme.solver)) return [];
    const g = issuer.acme.solver.http01.gateway;
    const path = `issuers[${i}].acme.solver.http01.gateway`;
    const out: ValueProblem[] = [];
    if (!v.gatewayAPI) {
      out.push({
        code: 'VALUE_MISSING',
        path: 'gatewayAPI',
        message: `must be true: ClusterIssuer "${issuer.name}" solves HTTP-01 through a Gateway`,
        got: false,
        hint: 'set gatewayAPI: true (the controller then needs the Gateway API CRDs), or use a DNS-01 solver',
      });
    }
    const gateway = ctx.facts.all('gateway').find((f) => f.namespace === g.namespace && f.name === g.name);
    if (gateway) {
      const listeners = gateway.listeners.filter((l) => (g.sectionName ? l.name === g.sectionName : true));
      if (listeners.length > 0 && !listeners.some((l) => l.protocol === 'HTTP' && l.port === 80)) {
        out.push({
          path: g.sectionName ? `${path}.sectionName` : path,
          message: `Gateway ${g.namespace}/${g.name}${g.sectionName ? `, listener "${g.sectionName}",` : ''} has no plain HTTP listener on port 80, where ACME HTTP-01 challenges arrive`,
          got: g,
          hint: 'name an HTTP listener on port 80 of that Gateway (sectionName), add one, or use a DNS-01 solver',
        });
      }
    }
    return out;
  });
}

/** A Certificate names an issuer the cluster has; HTTP-01 cannot validate wildcards. */
function certificateProblems(v: Values): ValueProblem[] {
  const issuers = new Map(v.issuers.map((i) => [i.name, i]));
  return v.certificates.flatMap((c, i): ValueProblem[] => {
    const issuer = issuers.get(c.issuer);
    if (!issuer) {
      if (v.externalIssuers.includes(c.issuer)) return [];
      const known = [...issuers.keys(), ...v.externalIssuers];
      return [
        {
          path: `certificates[${i}].issuer`,
          message: `names ClusterIssuer "${c.issuer}", which is not among \`issuers\``,
          got: c.issuer,
          hint: known.length > 0
            ? `use one of ${known.map((n) => `"${n}"`).join(', ')}, or list an issuer made outside this tree in \`externalIssuers\``
            : 'declare the ClusterIssuer in `issuers`, or list one made outside this tree in `externalIssuers`',
        },
      ];
    }
    if ('acme' in issuer && 'http01' in issuer.acme.solver) {
      const j = c.dnsNames.findIndex((d) => d.startsWith('*.'));
      if (j >= 0) {
        return [
          {
            path: `certificates[${i}].dnsNames[${j}]`,
            message: `is a wildcard, which ClusterIssuer "${issuer.name}" (HTTP-01) cannot validate`,
            got: c.dnsNames[j],
            hint: 'ACME only validates wildcards with DNS-01: use an issuer with a DNS-01 solver, or list the names one by one',
          },
        ];
      }
    }
    return [];
  });
}
