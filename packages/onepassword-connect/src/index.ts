/**
 * 1Password Connect: the Connect server (a private REST API over the 1Password vaults it was
 * granted) and, optionally, the 1Password Kubernetes Operator, which turns `OnePasswordItem`s into
 * Secrets. With the operator on, any component's `{ onePassword: { item } }` secret reference is
 * met by this component.
 */
import {
  capability,
  declareSecretBackend,
  defineComponent,
  Monitoring,
  Name,
  scrapedBy,
  StringEnum,
  Type,
  withDefault,
  type Resolved,
  type SecretUse,
  type Static,
} from '@fluxgen/core';

/** A 1Password item as a SecretSource: `{ onePassword: { item: 'vaults/<vault>/items/<item>' } }`. */
export const OnePasswordRefSchema = Type.Object(
  {
    // Checked as `vaults/<vault>/items/<item>` at run time, typed as a string for cluster files.
    item: Type.Unsafe<string>(
      Type.TemplateLiteral([Type.Literal('vaults/'), Type.String(), Type.Literal('/items/'), Type.String()], {
        description: '1Password item path, `vaults/<vault>/items/<item>`; its fields become the Secret\'s keys.',
      }),
    ),
    secretName: Type.Optional(Name({ description: 'Name of the Secret the operator creates. Defaults per use.' })),
  },
  { additionalProperties: false },
);
export type OnePasswordRef = Static<typeof OnePasswordRefSchema>;

declare module '@fluxgen/core' {
  interface SecretBackendRefs {
    /** A 1Password item, synced into a Secret next to the consumer by the 1Password operator (`@fluxgen/onepassword-connect` with `operator.enabled`). */
    onePassword: OnePasswordRef;
  }
}

/**
 * The `onePassword` secret backend: a OnePasswordItem next to the consumer, which the operator
 * turns into the Secret. Present while onepassword-connect runs the operator.
 */
export const onePasswordBackend = declareSecretBackend({
  key: 'onePassword',
  title: '1Password item',
  schema: OnePasswordRefSchema,
  provideHint: 'turn on the 1Password operator: onepasswordConnect({ …, operator: { enabled: true } }) (from @fluxgen/onepassword-connect), or list this backend in the cluster\'s `secretBackends` when the operator runs outside this tree',
  resolve: (ref, ctx) => ({
    reference: ref.item,
    objects: [
      {
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name: ctx.name, namespace: ctx.namespace },
        spec: { itemPath: ref.item },
      },
    ],
    // The CRD comes with the chart, but an item only becomes a Secret while the operator runs.
    needs: [capability('crd', 'onepassword.com')],
  }),
  health: ['kubectl get onepassworditems -A'],
});

/** Fixed by the chart (`connect.applicationName`, `operator.applicationName`): Deployment and Service names. */
const CONNECT = 'onepassword-connect';
const OPERATOR = 'onepassword-connect-operator';

/** The typed values of the 1Password Connect component. */
export const OnepasswordConnectValuesSchema = Type.Object({
  credentials: Type.Object(
    {
      existingSecret: Name({
        description:
          'Secret holding the Connect server credentials (`connect.credentialsName`). It cannot come from 1Password (Connect is what reads 1Password): create it by hand and list `secret:<namespace>/<name>` in the cluster\'s `external`.',
      }),
      key: withDefault(
        Type.String({
          minLength: 1,
          description:
            'Key of that Secret holding the credentials (`connect.credentialsKey`). The chart mounts it as a file since 2.3.0, so it holds the raw JSON of `1password-credentials.json`, not a base64 string.',
        }),
        '1password-credentials.json',
      ),
    },
    { description: 'The Connect server credentials: an existing Secret only.' },
  ),
  replicas: withDefault(Type.Integer({ minimum: 1, description: 'Connect server replicas (`connect.replicas`).' }), 1),
  serviceType: withDefault(
    StringEnum(['ClusterIP', 'NodePort', 'LoadBalancer'], {
      description: 'Type of the `onepassword-connect` Service (`connect.serviceType`). `ClusterIP` keeps the Connect API inside the cluster.',
    }),
    'ClusterIP',
  ),
  httpPort: withDefault(
    Type.Integer({ minimum: 1, maximum: 65535, description: 'Port of the Connect API, in the pod and on the Service (`connect.api.httpPort`).' }),
    8080,
  ),
  registry: withDefault(
    StringEnum(['docker.io', 'ghcr.io'], {
      description:
        'Registry of the Connect API and sync images: Docker Hub (`1password/connect-{api,sync}`, the chart default) or GHCR (`ghcr.io/1password/connect-{api,sync}`, no Docker Hub pull limits). Sets `connect.{api,sync}.imageRepository`.',
    }),
    'docker.io',
  ),
  serviceMonitor: Monitoring({ description: 'ServiceMonitor for the Connect API metrics (`connect.api.serviceMonitor.enabled`).' }),
  operator: withDefault(
    Type.Object({
      enabled: withDefault(
        Type.Boolean({
          description:
            'Deploy the 1Password Kubernetes Operator (`operator.create`), which syncs OnePasswordItems in all namespaces into Secrets. Without it, 1Password secret references of other components cannot be met.',
        }),
        false,
      ),
      token: withDefault(
        Type.Object({
          existingSecret: withDefault(
            Name({
              description:
                'Secret holding the Connect access token the operator uses (`operator.token.name`). Like the credentials it cannot come from 1Password: create it by hand and list `secret:<namespace>/<name>` in the cluster\'s `external`.',
            }),
            'onepassword-token',
          ),
          key: withDefault(Type.String({ minLength: 1, description: 'Key of that Secret holding the token (`operator.token.key`).' }), 'token'),
        }),
        {},
      ),
      autoRestart: withDefault(
        Type.Boolean({ description: 'Restart Deployments whose operator-made Secrets changed in 1Password (`operator.autoRestart`).' }),
        false,
      ),
      pollingInterval: withDefault(
        Type.Integer({ minimum: 1, description: 'Seconds between the operator\'s checks of 1Password for changed items (`operator.pollingInterval`).' }),
        600,
      ),
    }),
    {},
  ),
});
export type OnepasswordConnectValues = Static<typeof OnepasswordConnectValuesSchema>;
type Values = Resolved<typeof OnepasswordConnectValuesSchema>;

/** The Secrets it reads. Existing Secrets only: neither can come from the operator it runs. */
function secretUses(v: Values): SecretUse[] {
  const credentials: SecretUse = {
    source: { existingSecret: v.credentials.existingSecret },
    defaultName: v.credentials.existingSecret,
    keys: [v.credentials.key],
    purpose: 'Connect server credentials, the `1password-credentials.json` file',
    path: 'credentials',
  };
  const token: SecretUse = {
    source: { existingSecret: v.operator.token.existingSecret },
    defaultName: v.operator.token.existingSecret,
    keys: [v.operator.token.key],
    purpose: 'Connect access token of the operator',
    path: 'operator.token',
  };
  return v.operator.enabled ? [credentials, token] : [credentials];
}

export const onepasswordConnect = defineComponent({
  name: 'onepassword-connect',
  title: '1Password Connect',
  summary: '1Password Connect server and Kubernetes Operator: Secrets from 1Password items',
  category: 'security',
  namespace: 'onepassword-system',
  // The chart's pods run non-root, seccomp RuntimeDefault, all capabilities dropped (chart 2.3.0+).
  podSecurity: 'restricted',
  chart: {
    name: 'connect',
    // renovate: datasource=helm depName=connect registryUrl=https://1password.github.io/connect-helm-charts
    version: '2.4.1',
    repository: 'https://1password.github.io/connect-helm-charts',
    oci: 'oci://ghcr.io/1password/connect',
  },
  docs: [
    { title: '1Password Helm charts', url: 'https://developer.1password.com/docs/k8s/helm' },
    { title: 'Helm chart configuration', url: 'https://developer.1password.com/docs/k8s/helm-config' },
    { title: 'Kubernetes Operator', url: 'https://developer.1password.com/docs/k8s/operator' },
    { title: 'Chart source', url: 'https://github.com/1Password/connect-helm-charts/tree/main/charts/connect' },
  ],
  values: OnepasswordConnectValuesSchema,
  helmValues: (v) => ({
    connect: {
      replicas: v.replicas,
      serviceType: v.serviceType,
      credentialsName: v.credentials.existingSecret,
      credentialsKey: v.credentials.key,
      api: {
        httpPort: v.httpPort,
        ...(v.registry === 'ghcr.io' ? { imageRepository: 'ghcr.io/1password/connect-api' } : {}),
        serviceMonitor: { enabled: v.serviceMonitor },
      },
      ...(v.registry === 'ghcr.io' ? { sync: { imageRepository: 'ghcr.io/1password/connect-sync' } } : {}),
    },
    operator: v.operator.enabled
      ? {
          create: true,
          autoRestart: v.operator.autoRestart,
          pollingInterval: v.operator.pollingInterval,
          token: { name: v.operator.token.existingSecret, key: v.operator.token.key },
        }
      : { create: false },
  }),
  secrets: secretUses,
  secretBackends: [{ backend: onePasswordBackend, when: (v) => v.operator.enabled }],
  secretRefs: ['connect.credentialsName'],
  // The chart always installs the OnePasswordItem CRD (crds/), but an item only becomes a Secret
  // when the operator runs: a 1Password reference is met only with the operator on.
  provides: (v) => ({ crd: v.operator.enabled ? ['onepassword.com'] : [] }),
  // Helm installs crds/ once and never upgrades them; CreateReplace keeps the CRD current, and
  // adopts one applied earlier at bootstrap.
  release: { install: { crds: 'CreateReplace' }, upgrade: { crds: 'CreateReplace' } },
  security: (v) => [
    'The Connect credentials and the operator token are made by hand (see Secrets) and never pass through Git',
    `The Connect API is reachable ${v.serviceType === 'ClusterIP' ? 'only inside the cluster (ClusterIP)' : `from outside the cluster (${v.serviceType})`}; it answers any client holding a Connect token`,
    ...(v.operator.enabled
      ? ['The operator writes Secrets in every namespace that has a OnePasswordItem: whoever may create OnePasswordItems may read every item its token reaches']
      : []),
  ],
  features: (v, ctx) => [
    `Connect API at \`http://${CONNECT}.${ctx.namespace}.svc:${v.httpPort}\` (${v.serviceType} Service), ${v.replicas} replica${v.replicas > 1 ? 's' : ''}`,
    v.operator.enabled
      ? `1Password Operator: OnePasswordItems in all namespaces become Secrets, checked every ${v.operator.pollingInterval}s${v.operator.autoRestart ? '; Deployments restart when their Secrets change' : ''}`
      : 'No operator: the Connect API serves other clients (e.g. external-secrets); other components\' 1Password references need `operator.enabled`',
    ...(v.registry === 'ghcr.io' ? ['Connect images from GHCR'] : []),
  ],
  troubleshooting: (v, ctx) => [
    {
      title: 'Connect API health',
      keepOpen: `kubectl -n ${ctx.namespace} port-forward svc/${CONNECT} 8080:${v.httpPort}`,
      commands: ['curl -s localhost:8080/health'],
    },
    {
      title: 'Connect logs and credentials',
      commands: [
        `kubectl -n ${ctx.namespace} logs deploy/${CONNECT} -c connect-api --tail=50`,
        `kubectl -n ${ctx.namespace} logs deploy/${CONNECT} -c connect-sync --tail=50`,
        `kubectl -n ${ctx.namespace} get secret ${v.credentials.existingSecret}`,
      ],
    },
    ...(v.operator.enabled
      ? [
          {
            title: 'Operator and synced Secrets',
            commands: [
              `kubectl -n ${ctx.namespace} logs deploy/${OPERATOR} --tail=100`,
              'kubectl get onepassworditems -A',
              'kubectl -n <namespace> describe onepassworditem <name>',
              'kubectl -n <namespace> get secret <name>',
            ],
          },
        ]
      : []),
  ],
  readme: (v, ctx) => ({
    // The chart labels the Connect pods `app` and the operator pods `name`, not by release.
    pods: [`app=${CONNECT}`, ...(v.operator.enabled ? [`name=${OPERATOR}`] : [])],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy ${CONNECT}${v.operator.enabled ? ` ${OPERATOR}` : ''}`, expect: 'every replica READY' },
      ...(v.operator.enabled ? [{ command: 'kubectl get onepassworditems -A', expect: 'every item has its Secret (`kubectl get secret` by the same name)' }] : []),
    ],
    symptoms: v.operator.enabled
      ? [
          { symptom: 'A Secret that should come from 1Password is missing or stale', check: 'the OnePasswordItem\'s status, then the operator log (item path, vault access of the token)' },
          { symptom: 'Every 1Password Secret stopped updating', check: 'the Connect API health and the `connect-sync` log (credentials revoked or expired)' },
        ]
      : [{ symptom: 'Clients of the Connect API get errors', check: 'the Connect API health and the `connect-sync` log' }],
    topics: [
      {
        topic: 'security',
        facts: [
          v.operator.enabled
            ? 'Secrets come from 1Password through OnePasswordItems; only the Connect credentials and operator token are made by hand'
            : 'The Connect API serves 1Password items to clients holding a Connect token',
        ],
      },
    ],
    diagrams: v.serviceMonitor ? [scrapedBy(ctx.name, '1Password Connect API', ctx.namespace)] : [],
  }),
  chartData: new URL('../chart/', import.meta.url),
  crds: new URL('../crds/', import.meta.url),
});
