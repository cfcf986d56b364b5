/** Small components for engine tests: what they emit is easy to assert on. */
import { declareSecretBackend, defineComponent, Name, SecretSource, secretName, StringEnum, Type, withDefault, type Capabilities } from '../src/index.js';

/** Test hook: capabilities written `<kind>:<name>`, grouped by kind as components declare them. */
export function byKind(written: readonly string[]): Capabilities {
  const out: Record<string, string[]> = {};
  for (const cap of written) {
    const i = cap.indexOf(':');
    (out[cap.slice(0, i)] ??= []).push(cap.slice(i + 1));
  }
  return out;
}

export const web = defineComponent({
  name: 'web',
  title: 'Web',
  summary: 'A test web server',
  category: 'core',
  namespace: 'web',
  chart: { name: 'web', version: '1.2.3', repository: 'https://charts.example.com' },
  chartData: new URL('./fixtures/charts/web/', import.meta.url),
  readme: () => ({ pods: ['app=web'] }),
  docs: [{ title: 'Web', url: 'https://example.com' }],
  values: Type.Object({
    replicas: withDefault(Type.Integer({ minimum: 1, description: 'Replicas.' }), 1),
    tier: withDefault(StringEnum(['small', 'large'], { description: 'Size.' }), 'small'),
    tls: withDefault(
      Type.Object({
        enabled: withDefault(Type.Boolean({ description: 'Serve TLS.' }), false),
        issuer: Type.Optional(Name({ description: 'Issuer name.' })),
      }),
      {},
    ),
    needs: withDefault(Type.Array(Type.String(), { description: 'Capabilities needed (test hook).' }), []),
  }),
  helmValues: (v) => ({ replicaCount: v.replicas, size: v.tier, tls: { enabled: v.tls.enabled } }),
  needs: (v) => byKind(v.needs),
});

export const crds = defineComponent({
  name: 'crds',
  title: 'CRDs',
  summary: 'Installs the example.com CRDs',
  category: 'core',
  namespace: 'crds',
  podSecurity: 'restricted',
  chart: { name: 'crds', version: '0.1.0', oci: 'oci://registry.example.com/charts/crds' },
  docs: [],
  values: Type.Object({
    widgets: withDefault(Type.Array(Name(), { description: 'Widgets to create.' }), []),
    needs: withDefault(Type.Array(Type.String(), { description: 'Capabilities needed (test hook).' }), []),
  }),
  helmValues: () => ({}),
  objects: (v, ctx) =>
    v.widgets.map((name) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: ctx.namespace } })),
  provides: () => ({ crd: ['example.com'] }),
  needs: (v) => byKind(v.needs),
});

/** A chart component that reads credentials, and a Git component with objects. */
export const app = defineComponent({
  name: 'app',
  title: 'App',
  summary: 'Reads credentials',
  category: 'core',
  namespace: 'app',
  chart: { name: 'app', version: '2.0.0', repository: 'https://charts.example.com' },
  chartData: new URL('./fixtures/charts/app/', import.meta.url),
  docs: [],
  values: Type.Object({
    credentials: SecretSource,
  }),
  helmValues: (v) => ({ auth: { existingSecret: secretName(v.credentials, 'app-credentials') } }),
  secrets: (v) => [{ source: v.credentials, defaultName: 'app-credentials', keys: ['username', 'password'], purpose: 'login' }],
  secretRefs: ['auth.existingSecret'],
});

declare module '../src/index.js' {
  interface SecretBackendRefs {
    /** A test backend: a path in a vault, synced into a Secret by the vault's operator. */
    vault: { readonly path: string; readonly secretName?: string };
  }
}

/** A secret backend as a package would declare it: a VaultSecret custom resource next to the consumer. */
export const vaultBackend = declareSecretBackend({
  key: 'vault',
  title: 'Vault path',
  schema: Type.Object({ path: Type.String({ minLength: 1 }), secretName: Type.Optional(Name()) }, { additionalProperties: false }),
  provideHint: 'turn on the vault operator: vault({ operator: true })',
  resolve: (ref, ctx) => ({
    reference: ref.path,
    objects: [
      { apiVersion: 'vault.example.com/v1', kind: 'VaultSecret', metadata: { name: ctx.name, namespace: ctx.namespace }, spec: { path: ref.path } },
    ],
    needs: ['crd:vault.example.com'],
  }),
  health: ['kubectl get vaultsecrets -A'],
});

export const vault = defineComponent({
  name: 'vault',
  title: 'Vault',
  summary: 'Runs the vault operator, the `vault` secret backend',
  category: 'security',
  namespace: 'vault',
  chart: { name: 'vault', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({ operator: withDefault(Type.Boolean(), true) }),
  provides: (v) => (v.operator ? { crd: ['vault.example.com'] } : {}),
  secretBackends: [{ backend: vaultBackend, when: (v) => v.operator }],
});

export const gitCrds = defineComponent({
  name: 'git-crds',
  title: 'Git CRDs',
  summary: 'CRDs from a Git tag',
  category: 'core',
  namespace: 'kube-system',
  git: { url: 'https://github.com/example/crds', tag: 'v1.0.0', path: './config/crd', ignore: '/*\n!/config/crd\n' },
  docs: [],
  values: Type.Object({ things: withDefault(Type.Array(Name(), { description: 'Things.' }), []) }),
  objects: (v) => v.things.map((name) => ({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name } })),
  provides: () => ({ crd: ['example.org'] }),
});
