/**
 * Grafana, standalone (the grafana-community `grafana` chart): dashboards and Explore over the
 * cluster's Prometheus, Alertmanager, Loki and Tempo, whose datasources it derives from the
 * endpoints those components publish; login through Authentik (generic OAuth); dashboards from
 * grafana.com, URLs and every `grafana_dashboard` ConfigMap of the cluster (the sidecar).
 *
 * With its sidecar on it publishes a `dashboard-loader` fact: kube-prometheus-stack then turns its
 * bundled Grafana off and still ships its dashboards as ConfigMaps for this one.
 */
import {
  defineComponent,
  DIAGRAM,
  gatewayNode,
  Hostname,
  monitored,
  Monitoring,
  Name,
  Route,
  routeParentRefs,
  secretName,
  secretSource,
  securityLayer,
  telemetryPiece,
  Storage,
  storageClassOf,
  StringEnum,
  Type,
  Url,
  withDefault,
  type ClusterFacts,
  type ComponentContext,
  type ComponentReadme,
  type Fact,
  type HelmValues,
  type Resolved,
  type SecretUse,
  type Static,
  type TroubleshootingStep,
  type ValueProblem,
} from '@fluxgen/core';

/** Grafana organisation roles an OAuth group can map to; `GrafanaAdmin` is the server administrator. */
const ROLES = ['GrafanaAdmin', 'Admin', 'Editor', 'Viewer'] as const;

const RoleMapping = Type.Object(
  {
    group: Type.String({ minLength: 1, description: 'Name of an Authentik group, as the `groups` claim carries it (e.g. `Grafana Admins`).' }),
    role: StringEnum(ROLES, {
      description: 'Role its members get: `Admin`, `Editor`, `Viewer`, or `GrafanaAdmin` (Admin plus Grafana server administrator, `allow_assign_grafana_admin`).',
    }),
  },
  { description: 'Members of `group` get `role`.' },
);

const OAuth = Type.Object(
  {
    host: Hostname({ description: 'Hostname of Authentik (e.g. `auth.example.com`): the authorize, token, userinfo and end-session endpoints are derived from it.' }),
    slug: Name({ description: 'Slug of the Authentik application (e.g. `grafana`): the end-session URL (`signout_redirect_url`) contains it.' }),
    title: withDefault(Type.String({ minLength: 1, description: 'Name on the login button (`auth.generic_oauth.name`).' }), 'Authentik'),
    client: secretSource({
      description: 'Secret with the OAuth client ID and client secret of the Authentik provider. Passed as environment variables (`envValueFrom`), never written into grafana.ini.',
    }),
    clientIdKey: withDefault(Type.String({ minLength: 1, description: 'Key of that Secret holding the client ID.' }), 'client-id'),
    clientSecretKey: withDefault(Type.String({ minLength: 1, description: 'Key of that Secret holding the client secret.' }), 'client-secret'),
    roles: withDefault(
      Type.Array(RoleMapping, {
        uniqueBy: 'group',
        description: 'Roles from Authentik groups, first match wins; rendered as the JMESPath `auth.generic_oauth.role_attribute_path` over the `groups` claim.',
      }),
      [],
    ),
    defaultRole: withDefault(
      StringEnum(['Viewer', 'Editor', 'Admin', 'None'], { description: 'Role of a user in none of the groups. `None`: logged in, but sees nothing.' }),
      'Viewer',
    ),
    strictRoles: withDefault(
      Type.Boolean({ description: 'Refuse the login of a user in none of the groups instead of giving `defaultRole` (`auth.generic_oauth.role_attribute_strict`).' }),
      false,
    ),
    autoLogin: withDefault(Type.Boolean({ description: 'Send visitors straight to Authentik, skipping the login page (`auth.oauth_auto_login`).' }), false),
    basicLogin: withDefault(
      Type.Boolean({
        description:
          "Keep Grafana's own logins: the user/password form and HTTP basic auth on the API. Off: only Authentik (`auth.disable_login_form: true`, `auth.basic.enabled: false`); the admin credentials then only serve as a break-glass after turning it back on.",
      }),
      true,
    ),
  },
  { description: 'Login through Authentik (Grafana generic OAuth, `auth.generic_oauth`). The Authentik provider\'s redirect URI must be `<root URL>/login/generic_oauth`.' },
);
type OAuthValues = Resolved<typeof OAuth>;

const ExtraDatasource = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Name shown in Grafana.' }),
    type: Type.String({ minLength: 1, description: 'Datasource plugin id (e.g. `prometheus`, `loki`, `influxdb`, `grafana-postgresql-datasource`).' }),
    url: Url({ schemes: ['http', 'https'], description: 'URL Grafana queries (from the server side, `access: proxy`).' }),
    uid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'Fixed uid (at most 40 characters), for links from dashboards and other datasources. Default: Grafana makes one.' }),
    ),
    isDefault: Type.Optional(Type.Boolean({ description: 'The default datasource (the derived Prometheus then is not).' })),
    jsonData: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Plugin settings (`jsonData`), passed as is. Credentials do not belong here.' })),
  },
  { description: 'A datasource provisioned as given.' },
);
type ExtraDatasourceValues = Resolved<typeof ExtraDatasource>;

const Dashboard = Type.Object(
  {
    name: Name({ description: 'File name of the dashboard in its provider.' }),
    gnetId: Type.Optional(Type.Integer({ minimum: 1, description: 'Id of a dashboard on grafana.com/grafana/dashboards.' })),
    revision: Type.Optional(Type.Integer({ minimum: 1, description: 'Revision of that grafana.com dashboard (pin it: the newest changes under you).' })),
    url: Type.Optional(Url({ schemes: ['https', 'http'], description: 'URL of a dashboard JSON file.' })),
    datasource: Type.Optional(
      Type.String({ minLength: 1, description: 'Datasource name that replaces the dashboard\'s `${DS_PROMETHEUS}` input. Default: `Prometheus` when it is derived.' }),
    ),
  },
  { description: 'One dashboard: from grafana.com (`gnetId` + `revision`) or a URL (`url`). Downloaded by the chart at start.' },
);
type DashboardValues = Resolved<typeof Dashboard>;

const Provider = Type.Object(
  {
    name: Name({ description: 'Provider name (its files live in `/var/lib/grafana/dashboards/<name>`).' }),
    folder: withDefault(Type.String({ description: 'Grafana folder of its dashboards (`""`: General).' }), ''),
    dashboards: Type.Array(Dashboard, { minItems: 1, uniqueBy: 'name', description: 'Its dashboards.' }),
  },
  { description: 'A dashboard provider (`dashboardProviders` + `dashboards.<provider>`).' },
);

/** The typed values of the grafana component. */
export const GrafanaValuesSchema = Type.Object({
  admin: Type.Optional(
    Type.Object(
      {
        secret: secretSource({ description: 'Secret with the admin user name and password (`admin.existingSecret`).' }),
        userKey: withDefault(Type.String({ minLength: 1, description: 'Key of the user name (`admin.userKey`).' }), 'admin-user'),
        passwordKey: withDefault(Type.String({ minLength: 1, description: 'Key of the password (`admin.passwordKey`).' }), 'admin-password'),
      },
      { description: 'Admin credentials from a Secret. Without it, the chart generates a random password into the Secret `<release>`.' },
    ),
  ),
  rootUrl: Type.Optional(
    Url({
      schemes: ['https', 'http'],
      description: 'URL people reach Grafana at (`grafana.ini` `server.root_url`). Default: `https://<first route hostname>`. OAuth redirects are built from it.',
    }),
  ),
  route: Type.Optional(Route({ description: 'Gateway API HTTPRoute to Grafana (`route.main`).' })),
  oauth: Type.Optional(OAuth),
  datasources: withDefault(
    Type.Object(
      {
        derive: withDefault(
          Type.Boolean({
            description:
              'Provision Prometheus, Alertmanager, Loki and Tempo (uids `prometheus`, `alertmanager`, `loki`, `tempo`), each exactly when a component of the cluster publishes its endpoint, linked to each other (traces to logs and metrics, service map, trace ids in logs).',
          }),
          true,
        ),
        extra: withDefault(Type.Array(ExtraDatasource, { uniqueBy: 'name', description: 'More datasources, provisioned as given.' }), []),
      },
      { description: 'Datasources, provisioned from `datasources."datasources.yaml"`.' },
    ),
    {},
  ),
  dashboards: withDefault(
    Type.Object(
      {
        sidecar: withDefault(
          Type.Boolean({
            description:
              'Load every ConfigMap labelled `grafana_dashboard` in every namespace as a dashboard, in the folder its `grafana_folder` annotation names (`sidecar.dashboards`). Other components ship their dashboards this way, and kube-prometheus-stack turns its bundled Grafana off because of it; with the sidecar off, set `grafana.enabled: false` there yourself.',
          }),
          true,
        ),
        providers: withDefault(Type.Array(Provider, { uniqueBy: 'name', description: 'Dashboards downloaded from grafana.com or URLs, per provider.' }), []),
      },
      { description: 'Where dashboards come from.' },
    ),
    {},
  ),
  plugins: withDefault(
    Type.Array(Type.String({ minLength: 1, description: 'A plugin id, optionally `id@version`.' }), { uniqueItems: true, description: 'Plugins installed at start (`plugins`).' }),
    [],
  ),
  storage: Type.Optional(
    Storage({ description: 'Persistent volume for `/var/lib/grafana` (`persistence`). Without it, users, preferences and UI-made dashboards are lost when the pod moves.' }),
  ),
  serviceMonitor: Monitoring({ derived: true, description: "ServiceMonitor for Grafana's own `/metrics` (`serviceMonitor.enabled`). Default: on when the cluster runs a Prometheus Operator that watches every namespace (e.g. kube-prometheus-stack)." }),
});
export type GrafanaValues = Static<typeof GrafanaValuesSchema>;
type Values = Resolved<typeof GrafanaValuesSchema>;

/** Label, value ("" = any) and folder annotation the sidecar loads dashboards by: the kube-prometheus-stack and homelab convention. */
const DASHBOARD_LABEL = 'grafana_dashboard';
const FOLDER_ANNOTATION = 'grafana_folder';

/** The uids of the derived datasources: dashboards and the links between datasources name them. */
const UID = { prometheus: 'prometheus', alertmanager: 'alertmanager', loki: 'loki', tempo: 'tempo' } as const;

/**
 * Trace ids in log lines (`trace_id=…`, `traceID: "…"`, `"traceid":"…"`): a Grafana derived field,
 * matched by Grafana, not by fluxgen.
 */
const TRACE_ID_IN_LOGS = '(?:trace_?id|traceID)[=:"\\s]+(\\w+)';

export const grafana = defineComponent({
  name: 'grafana',
  title: 'Grafana',
  summary: 'Dashboards, Explore and alerting over the cluster\'s metrics, logs and traces',
  category: 'observability',
  namespace: 'monitoring',
  // Non-root 472, no privilege escalation, no capabilities, RuntimeDefault seccomp (chart defaults);
  // the root init-chown-data container is turned off below.
  podSecurity: 'restricted',
  chart: {
    name: 'grafana',
    // renovate: datasource=helm depName=grafana registryUrl=https://grafana-community.github.io/helm-charts
    version: '12.11.1',
    repository: 'https://grafana-community.github.io/helm-charts',
    oci: 'oci://ghcr.io/grafana-community/helm-charts/grafana',
  },
  chartData: new URL('../chart/', import.meta.url),
  lifecycle: {
    moved: [
      { from: 'https://grafana.github.io/helm-charts', to: 'https://grafana-community.github.io/helm-charts', since: '2026-01-30' },
      { from: 'oci://ghcr.io/grafana/helm-charts/grafana', to: 'oci://ghcr.io/grafana-community/helm-charts/grafana', since: '2026-01-30' },
    ],
  },
  docs: [
    { title: 'Chart README', url: 'https://github.com/grafana-community/helm-charts/tree/main/charts/grafana' },
    { title: 'Generic OAuth', url: 'https://grafana.com/docs/grafana/latest/setup-grafana/configure-access/configure-authentication/generic-oauth/' },
    { title: 'Authentik: Grafana', url: 'https://docs.goauthentik.io/integrations/services/grafana/' },
    { title: 'Provisioning', url: 'https://grafana.com/docs/grafana/latest/administration/provisioning/' },
    { title: 'Tempo datasource', url: 'https://grafana.com/docs/grafana/latest/datasources/tempo/configure-tempo-data-source/' },
  ],
  values: GrafanaValuesSchema,
  helmValues: (v, ctx) => helmValues(v, ctx),
  secrets: (v, ctx) => secretUses(v, ctx),
  secretRefs: ['admin.existingSecret'],
  facts: (v) =>
    v.dashboards.sidecar
      ? [{ kind: 'dashboard-loader', label: DASHBOARD_LABEL, value: '', folderAnnotation: FOLDER_ANNOTATION, namespaces: [], path: 'dashboards.sidecar' } satisfies Fact]
      : [],
  rules: [
    {
      when: 'oauth.strictRoles',
      is: true,
      require: 'oauth.roles',
      because: 'strict roles refuse everyone in none of the mapped groups: map at least one Authentik group to a role',
    },
  ],
  check: (v, ctx) => problems(v, ctx),
  features: (v, ctx) => features(v, ctx),
  security: (v) => security(v),
  troubleshooting: (v, ctx) => troubleshooting(v, ctx),
  readme: (v, ctx) => readme(v, ctx),
});

function helmValues(v: Values, ctx: ComponentContext): HelmValues {
  const restarter = restarterOf(ctx);
  const rootUrl = rootUrlOf(v);
  const datasources = datasourcesOf(v, ctx.facts);
  return {
    ...(restarter ? { annotations: { [restarter.annotation]: restarter.value } } : {}),
    ...(v.admin ? { admin: { existingSecret: secretName(v.admin.secret, adminSecretName(ctx)), userKey: v.admin.userKey, passwordKey: v.admin.passwordKey } } : {}),
    ...(v.oauth
      ? {
          envValueFrom: {
            GF_AUTH_GENERIC_OAUTH_CLIENT_ID: { secretKeyRef: { name: secretName(v.oauth.client, oauthSecretName(ctx)), key: v.oauth.clientIdKey } },
            GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: secretName(v.oauth.client, oauthSecretName(ctx)), key: v.oauth.clientSecretKey } },
          },
        }
      : {}),
    'grafana.ini': grafanaIni(v.oauth, rootUrl),
    // prune: a datasource whose endpoint left the cluster is deleted, not kept in Grafana's database.
    datasources: { 'datasources.yaml': { apiVersion: 1, prune: true, datasources } },
    ...(v.dashboards.providers.length > 0 ? dashboardValues(v, datasources) : {}),
    sidecar: {
      dashboards: v.dashboards.sidecar
        ? {
            enabled: true,
            searchNamespace: 'ALL',
            label: DASHBOARD_LABEL,
            labelValue: '',
            folderAnnotation: FOLDER_ANNOTATION,
            provider: { foldersFromFilesStructure: true, disableDelete: true },
          }
        : { enabled: false },
    },
    ...(v.plugins.length > 0 ? { plugins: [...v.plugins] } : {}),
    ...(v.route ? { route: { main: { enabled: true, hostnames: [...v.route.hostnames], parentRefs: routeParentRefs(v.route, ctx.namespace) } } } : {}),
    ...(v.storage
      ? {
          persistence: {
            enabled: true,
            size: v.storage.size,
            ...(storageClassOf(v.storage, ctx.facts) ? { storageClassName: storageClassOf(v.storage, ctx.facts) } : {}),
          },
          // A ReadWriteOnce volume cannot be mounted by the old and the new pod of a rolling update on two nodes.
          deploymentStrategy: { type: 'Recreate' },
        }
      : {}),
    // The chart's root init container (chown of the volume) breaks the restricted Pod Security
    // level; fsGroup 472 already makes the volume writable.
    initChownData: { enabled: false },
    serviceMonitor: { enabled: monitored(v.serviceMonitor, ctx.facts) },
    testFramework: { enabled: false },
  };
}

/** The URL Grafana is reached at: the typed one, or the first route hostname over HTTPS. */
function rootUrlOf(v: Values): string | undefined {
  if (v.rootUrl) return v.rootUrl.endsWith('/') ? v.rootUrl.slice(0, -1) : v.rootUrl;
  return v.route ? `https://${v.route.hostnames[0]}` : undefined;
}

function grafanaIni(oauth: OAuthValues | undefined, rootUrl: string | undefined): HelmValues {
  return {
    ...(rootUrl ? { server: { root_url: rootUrl } } : {}),
    analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
    news: { news_feed_enabled: false },
    ...(oauth ? oauthIni(oauth) : {}),
  };
}

/** Authentik's OAuth2/OIDC endpoints: global, except end-session, which carries the application slug. */
function authentik(oauth: OAuthValues) {
  const base = `https://${oauth.host}/application/o`;
  return {
    auth_url: `${base}/authorize/`,
    token_url: `${base}/token/`,
    api_url: `${base}/userinfo/`,
    signout: `${base}/${oauth.slug}/end-session/`,
  };
}

function oauthIni(oauth: OAuthValues): HelmValues {
  const urls = authentik(oauth);
  return {
    auth: {
      signout_redirect_url: urls.signout,
      oauth_auto_login: oauth.autoLogin,
      disable_login_form: !oauth.basicLogin,
    },
    'auth.basic': { enabled: oauth.basicLogin },
    // One ini section whose name contains a dot: Helm merges it over the chart's defaults.
    'auth.generic_oauth': {
      enabled: true,
      name: oauth.title,
      allow_sign_up: true,
      scopes: 'openid profile email',
      auth_url: urls.auth_url,
      token_url: urls.token_url,
      api_url: urls.api_url,
      use_pkce: true,
      login_attribute_path: 'preferred_username',
      role_attribute_path: roleAttributePath(oauth),
      role_attribute_strict: oauth.strictRoles,
      allow_assign_grafana_admin: oauth.roles.some((r) => r.role === 'GrafanaAdmin'),
    },
  };
}

/** A JMESPath raw string literal: backslashes and single quotes escaped. */
const jmesLiteral = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * The roles as one JMESPath expression over the `groups` claim: the first group the user is in
 * decides, then the default (left out when strict: no match means no login).
 */
export function roleAttributePath(oauth: Pick<OAuthValues, 'roles' | 'defaultRole' | 'strictRoles'>): string {
  const branches = oauth.roles.map((r) => `contains(groups[*], ${jmesLiteral(r.group)}) && ${jmesLiteral(r.role)}`);
  return [...branches, ...(oauth.strictRoles && branches.length > 0 ? [] : [jmesLiteral(oauth.defaultRole)])].join(' || ');
}

type Datasource = Record<string, unknown> & { name: string; uid?: string };

/**
 * The datasources: one per observability endpoint published in the cluster (when derivation is on),
 * each linked only to the others that exist, then the extra ones.
 */
export function datasourcesOf(v: Pick<Values, 'datasources'>, facts: ClusterFacts): Datasource[] {
  const at = (name: keyof typeof UID) => (v.datasources.derive ? facts.endpoint(name)?.url : undefined);
  const prometheus = at('prometheus');
  const alertmanager = at('alertmanager');
  const loki = at('loki');
  const tempo = at('tempo');
  const extraDefault = v.datasources.extra.some((d) => d.isDefault === true);
  // Grafana's provisioning expands $VAR and ${VAR} from the environment: its own template
  // variables are written with $$ to reach the datasource unexpanded.
  const shift = { spanStartTimeShift: '-5m', spanEndTimeShift: '5m' };
  const derived: Datasource[] = [
    ...(prometheus
      ? [
          {
            name: 'Prometheus',
            uid: UID.prometheus,
            type: 'prometheus',
            access: 'proxy',
            url: prometheus,
            isDefault: !extraDefault,
            jsonData: {
              prometheusType: 'Prometheus',
              ...(tempo ? { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: UID.tempo }] } : {}),
            },
          },
        ]
      : []),
    ...(alertmanager
      ? [
          {
            name: 'Alertmanager',
            uid: UID.alertmanager,
            type: 'alertmanager',
            access: 'proxy',
            url: alertmanager,
            jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
          },
        ]
      : []),
    ...(loki
      ? [
          {
            name: 'Loki',
            uid: UID.loki,
            type: 'loki',
            access: 'proxy',
            url: loki,
            jsonData: {
              maxLines: 1000,
              ...(tempo
                ? { derivedFields: [{ name: 'TraceID', datasourceUid: UID.tempo, matcherRegex: TRACE_ID_IN_LOGS, url: '$${__value.raw}' }] }
                : {}),
            },
          },
        ]
      : []),
    ...(tempo
      ? [
          {
            name: 'Tempo',
            uid: UID.tempo,
            type: 'tempo',
            access: 'proxy',
            url: tempo,
            jsonData: {
              ...(loki
                ? {
                    tracesToLogsV2: {
                      datasourceUid: UID.loki,
                      ...shift,
                      filterByTraceID: true,
                      customQuery: false,
                      tags: [
                        { key: 'service.name', value: 'service_name' },
                        { key: 'k8s.namespace.name', value: 'namespace' },
                      ],
                    },
                    lokiSearch: { datasourceUid: UID.loki },
                  }
                : {}),
              ...(prometheus
                ? {
                    tracesToMetrics: {
                      datasourceUid: UID.prometheus,
                      ...shift,
                      tags: [{ key: 'service.name', value: 'service' }],
                      queries: [
                        { name: 'Request rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))' },
                        { name: 'Error rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags,status_code="STATUS_CODE_ERROR"}[5m]))' },
                      ],
                    },
                    serviceMap: { datasourceUid: UID.prometheus },
                  }
                : {}),
              nodeGraph: { enabled: true },
              search: { hide: false },
            },
          },
        ]
      : []),
  ];
  return [...derived, ...v.datasources.extra.map(extraDatasource)];
}

/** Only the datasources derived from the cluster's endpoints. */
function derivedDatasources(v: Pick<Values, 'datasources'>, facts: ClusterFacts): Datasource[] {
  return datasourcesOf({ datasources: { ...v.datasources, extra: [] } }, facts);
}

function extraDatasource(d: ExtraDatasourceValues): Datasource {
  return {
    name: d.name,
    ...(d.uid ? { uid: d.uid } : {}),
    type: d.type,
    access: 'proxy',
    url: d.url,
    ...(d.isDefault !== undefined ? { isDefault: d.isDefault } : {}),
    ...(d.jsonData ? { jsonData: d.jsonData } : {}),
  };
}

function dashboardValues(v: Values, datasources: readonly Datasource[]): HelmValues {
  const prometheus = datasources.find((d) => d.uid === UID.prometheus)?.name;
  const entry = (d: DashboardValues) => {
    const datasource = d.datasource ?? prometheus;
    return {
      ...(d.gnetId !== undefined ? { gnetId: d.gnetId, ...(d.revision !== undefined ? { revision: d.revision } : {}) } : {}),
      ...(d.url ? { url: d.url } : {}),
      ...(datasource ? { datasource } : {}),
    };
  };
  return {
    dashboardProviders: {
      'dashboardproviders.yaml': {
        apiVersion: 1,
        providers: v.dashboards.providers.map((p) => ({
          name: p.name,
          orgId: 1,
          folder: p.folder,
          type: 'file',
          disableDeletion: true,
          editable: false,
          options: { path: `/var/lib/grafana/dashboards/${p.name}` },
        })),
      },
    },
    dashboards: Object.fromEntries(v.dashboards.providers.map((p) => [p.name, Object.fromEntries(p.dashboards.map((d) => [d.name, entry(d)]))])),
  };
}

/** The workload restarter watching this namespace, if the cluster has one. */
function restarterOf(ctx: ComponentContext) {
  return ctx.facts.all('workload-restarter').find((r) => r.namespaces.length === 0 || r.namespaces.includes(ctx.namespace));
}

const adminSecretName = (ctx: ComponentContext) => `${ctx.name}-admin`;
const oauthSecretName = (ctx: ComponentContext) => `${ctx.name}-oauth`;

function secretUses(v: Values, ctx: ComponentContext): SecretUse[] {
  return [
    ...(v.admin
      ? [{ source: v.admin.secret, defaultName: adminSecretName(ctx), keys: [v.admin.userKey, v.admin.passwordKey], purpose: 'Grafana admin user name and password' }]
      : []),
    ...(v.oauth
      ? [{ source: v.oauth.client, defaultName: oauthSecretName(ctx), keys: [v.oauth.clientIdKey, v.oauth.clientSecretKey], purpose: `OAuth client of the Authentik application \`${v.oauth.slug}\`` }]
      : []),
  ];
}

function problems(v: Values, ctx: ComponentContext): ValueProblem[] {
  const out: ValueProblem[] = [];
  if (v.oauth && !rootUrlOf(v)) {
    out.push({
      code: 'VALUE_MISSING',
      path: 'rootUrl',
      message: 'is required with oauth',
      hint: 'Authentik redirects back to <root URL>/login/generic_oauth: give `route` (its first hostname becomes https://<hostname>) or `rootUrl`',
    });
  }
  const derived = derivedDatasources(v, ctx.facts);
  v.datasources.extra.forEach((d, i) => {
    const clash = derived.find((o) => o.name === d.name || (d.uid !== undefined && o.uid === d.uid));
    if (clash) {
      out.push({
        path: `datasources.extra[${i}]`,
        message: `has the ${clash.name === d.name ? `name "${d.name}"` : `uid "${d.uid}"`} of the datasource derived from the ${clash.uid} endpoint`,
        got: d.name,
        hint: 'give it another name and uid, or set datasources.derive: false to provision every datasource yourself',
      });
    }
  });
  if (v.datasources.extra.filter((d) => d.isDefault === true).length > 1) {
    out.push({ path: 'datasources.extra', message: 'marks more than one datasource isDefault', hint: 'Grafana refuses to start with two default datasources: keep one' });
  }
  const uids = v.datasources.extra.flatMap((d, i) => (d.uid ? [{ uid: d.uid, i }] : []));
  uids.forEach(({ uid, i }, n) => {
    const first = uids.findIndex((u) => u.uid === uid);
    if (first !== n) out.push({ path: `datasources.extra[${i}].uid`, message: `repeats the uid of datasources.extra[${uids[first]!.i}]`, got: uid, hint: 'every datasource needs its own uid' });
  });
  v.dashboards.providers.forEach((p, i) =>
    p.dashboards.forEach((d, j) => {
      const path = `dashboards.providers[${i}].dashboards[${j}]`;
      if ((d.gnetId === undefined) === (d.url === undefined)) {
        out.push({ path, message: 'needs exactly one of gnetId or url', got: d.name, hint: 'a grafana.com dashboard takes gnetId (and revision); any other takes url' });
      } else if (d.revision !== undefined && d.gnetId === undefined) {
        out.push({ path: `${path}.revision`, message: 'is only read with gnetId', got: d.revision, hint: 'remove revision, or download from grafana.com with gnetId' });
      }
    }),
  );
  return out;
}

function features(v: Values, ctx: ComponentContext): string[] {
  const derived = derivedDatasources(v, ctx.facts);
  const restarter = restarterOf(ctx);
  return [
    v.oauth
      ? `Login through Authentik (\`${v.oauth.host}\`, application \`${v.oauth.slug}\`)${v.oauth.roles.length > 0 ? `, roles from groups: ${v.oauth.roles.map((r) => `${r.group} → ${r.role}`).join(', ')}` : ''}, otherwise ${v.oauth.strictRoles ? 'no login' : v.oauth.defaultRole}${v.oauth.basicLogin ? '' : '; password login and basic auth off'}`
      : 'Login with Grafana users only (no OAuth)',
    derived.length > 0
      ? `Datasources derived from the cluster: ${derived.map((d) => `${d.name} (\`${d.uid}\`, ${ctx.facts.endpoint(d.uid!)?.from})`).join(', ')}`
      : v.datasources.derive
        ? 'No datasource derived: no component of the cluster publishes a Prometheus, Alertmanager, Loki or Tempo endpoint'
        : 'Datasource derivation off',
    ...(v.datasources.extra.length > 0 ? [`Extra datasources: ${v.datasources.extra.map((d) => d.name).join(', ')}`] : []),
    ...(v.dashboards.sidecar ? [`Dashboards from every ConfigMap labelled \`${DASHBOARD_LABEL}\` in any namespace (folder from the \`${FOLDER_ANNOTATION}\` annotation)`] : []),
    ...v.dashboards.providers.map((p) => `Dashboards provider \`${p.name}\`${p.folder ? ` (folder ${p.folder})` : ''}: ${p.dashboards.map((d) => (d.gnetId !== undefined ? `grafana.com ${d.gnetId}${d.revision !== undefined ? ` r${d.revision}` : ''}` : d.name)).join(', ')}`),
    ...(v.plugins.length > 0 ? [`Plugins: ${v.plugins.join(', ')}`] : []),
    v.storage ? `Data on a ${v.storage.size} volume${storageClassOf(v.storage, ctx.facts) ? ` (StorageClass \`${storageClassOf(v.storage, ctx.facts)}\`)` : ''}` : 'Data in an emptyDir (users and UI-made dashboards are lost when the pod moves)',
    ...(restarter ? [`Restarted by ${restarter.from} when its Secrets change (\`${restarter.annotation}: "${restarter.value}"\`, derived)`] : []),
  ];
}

function security(v: Values): string[] {
  return [
    'Runs as non-root (uid 472) under the restricted Pod Security level; the chart\'s root `init-chown-data` container is off',
    v.admin ? 'Admin login from a Secret (see Secrets)' : 'Admin password generated by the chart into a Secret of the release',
    ...(v.oauth
      ? [
          'OAuth client ID and secret reach Grafana as environment variables from a Secret, never through grafana.ini',
          v.oauth.basicLogin
            ? 'Password login and HTTP basic auth stay on beside Authentik: keep the admin password strong'
            : 'Only Authentik logs people in: the password form and HTTP basic auth on the API are off',
        ]
      : []),
    'Anonymous access, update checks and usage reporting are off',
  ];
}

function troubleshooting(v: Values, ctx: ComponentContext): TroubleshootingStep[] {
  const ns = ctx.namespace;
  const steps: TroubleshootingStep[] = [
    {
      title: 'Grafana',
      commands: [
        `kubectl -n ${ns} get deploy ${ctx.name}`,
        `kubectl -n ${ns} logs deploy/${ctx.name} -c grafana --tail=100 | grep -i -E 'error|oauth|provision'`,
        `kubectl -n ${ns} exec deploy/${ctx.name} -c grafana -- wget -qO- localhost:3000/api/health`,
      ],
    },
  ];
  if (v.dashboards.sidecar) {
    steps.push({
      title: 'Dashboards from ConfigMaps (the sidecar logs every file it writes)',
      commands: [`kubectl get configmaps -A -l ${DASHBOARD_LABEL}`, `kubectl -n ${ns} logs deploy/${ctx.name} -c grafana-sc-dashboard --tail=50`],
    });
  }
  if (v.oauth) {
    steps.push({
      title: `OAuth: Authentik's redirect URI must be exactly ${rootUrlOf(v) ?? '<root URL>'}/login/generic_oauth, and the \`groups\` claim must reach Grafana for the roles`,
      commands: [`kubectl -n ${ns} logs deploy/${ctx.name} -c grafana --tail=200 | grep -i oauth`],
    });
  }
  if (v.route) {
    steps.push({ title: 'HTTPRoute (a Gateway in another namespace must allow routes from this one)', commands: [`kubectl -n ${ns} describe httproute ${ctx.name}`] });
  }
  return steps;
}

function readme(v: Values, ctx: ComponentContext): ComponentReadme {
  const ns = ctx.namespace;
  const datasources = derivedDatasources(v, ctx.facts);
  return {
    pods: [`app.kubernetes.io/name=grafana,app.kubernetes.io/instance=${ctx.name}`],
    health: [{ command: `kubectl -n ${ns} get deploy ${ctx.name}`, expect: 'READY 1/1' }],
    symptoms: [
      { symptom: 'A Grafana datasource shows "Bad gateway" or no data', check: `the datasource URL in Connections → Data sources, then the Service it points at` },
      ...(v.oauth
        ? [
            { symptom: 'Login through Authentik loops or fails with redirect_uri mismatch', check: `root URL ${rootUrlOf(v) ?? ''} and the Authentik provider's redirect URI (…/login/generic_oauth)` },
            { symptom: 'Everyone logs in to Grafana as Viewer', check: 'the `groups` claim in Authentik (profile scope) and the group names in oauth.roles' },
          ]
        : []),
      ...(datasources.some((d) => d.uid === UID.loki) && datasources.some((d) => d.uid === UID.tempo)
        ? [
            {
              symptom: 'Trace links in Loki log lines open an empty trace',
              check: 'the Loki datasource\'s derived field URL must reach Grafana as `${__value.raw}`: fluxgen writes `$${__value.raw}` (provisioning expands `${…}`), and a Flux `postBuild` substitution on this unit would eat one `$`',
            },
          ]
        : []),
      ...(v.dashboards.sidecar ? [{ symptom: 'Dashboards shipped as ConfigMaps are missing in Grafana', check: `the \`${DASHBOARD_LABEL}\` label on the ConfigMap and the grafana-sc-dashboard container's logs` }] : []),
    ],
    topics: [
      {
        topic: 'monitoring',
        facts: [
          datasources.length > 0
            ? `Grafana queries ${datasources.map((d) => `${d.name} (\`${d.url}\`)`).join(', ')}`
            : 'Grafana has no derived datasource',
        ],
      },
      ...(datasources.some((d) => d.uid === UID.tempo)
        ? [
            {
              topic: 'monitoring' as const,
              section: 'Traces' as const,
              facts: [
                `Traces link to ${[...(datasources.some((d) => d.uid === UID.loki) ? ['logs (Loki)'] : []), ...(datasources.some((d) => d.uid === UID.prometheus) ? ['metrics and the service map (Prometheus)'] : [])].join(' and ') || 'nothing else yet'}`,
              ],
            },
          ]
        : []),
      ...(v.dashboards.sidecar || v.dashboards.providers.length > 0
        ? [
            {
              topic: 'monitoring' as const,
              section: 'Dashboards' as const,
              facts: [
                ...(v.dashboards.sidecar ? [`Grafana loads every ConfigMap labelled \`${DASHBOARD_LABEL}\` in the cluster as a dashboard (folder from \`${FOLDER_ANNOTATION}\`)`] : []),
                ...(v.dashboards.providers.length > 0
                  ? [`Grafana downloads ${v.dashboards.providers.reduce((n, p) => n + p.dashboards.length, 0)} dashboard(s) from grafana.com and URLs at start`]
                  : []),
              ],
            },
          ]
        : []),
      ...(v.oauth
        ? [
            {
              topic: 'security' as const,
              section: 'Access Control' as const,
              facts: [`Grafana logins through Authentik \`${v.oauth.host}\` (application \`${v.oauth.slug}\`)${v.oauth.basicLogin ? '' : ', no password login'}`],
            },
          ]
        : []),
      ...(v.route ? [{ topic: 'networking' as const, section: 'Ingress' as const, facts: [`Grafana at ${v.route.hostnames.map((h) => `\`${h}\``).join(', ')} (Gateway \`${v.route.gateway.name}\`)`] }] : []),
    ],
    diagrams: [
      {
        id: DIAGRAM.monitoring,
        title: 'What Prometheus scrapes, and where alerts and dashboards go',
        topic: 'monitoring',
        groups: [{ id: ns, label: ns }],
        nodes: [{ id: 'grafana', label: 'Grafana', group: ns }],
        // Edges to nodes nobody draws are left out, so the ones of absent datasources vanish.
        edges: [
          ...datasources.map((d) => ({ from: d.uid!, to: 'grafana', kind: 'queries' })),
          // One node for Grafana: its own metrics are scraped too (what scrapedBy draws as a separate target).
          ...(monitored(v.serviceMonitor, ctx.facts) ? [{ from: 'grafana', to: 'prometheus', kind: 'scrape' }] : []),
        ],
        legend: { queries: 'queried by dashboards', scrape: 'metrics scraped by Prometheus (ServiceMonitor)' },
      },
      telemetryPiece(
        [{ id: 'grafana', label: 'Grafana', stage: 'view' }],
        datasources.map((d) => ({ from: d.uid!, to: 'grafana', kind: 'queries' as const })),
      ),
      ...(v.oauth ? [securityLayer('workload', `${ctx.name}-login`, `Grafana login through Authentik\n${v.oauth.host}`)] : []),
      ...(v.route
        ? [
            {
              id: DIAGRAM.ingress,
              title: 'Traffic from the LAN to the cluster',
              topic: 'networking' as const,
              groups: [{ id: ns, label: ns }],
              nodes: [{ id: `host:${v.route.hostnames[0]}`, label: `Grafana\n${v.route.hostnames.join(', ')}`, group: ns }],
              edges: [{ from: gatewayNode(v.route.gateway.namespace ?? ns, v.route.gateway.name), to: `host:${v.route.hostnames[0]}` }],
              legend: { traffic: 'traffic, from the client to the Service' },
            },
          ]
        : []),
    ],
  };
}
