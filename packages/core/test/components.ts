/** Small components for engine tests: what they emit is easy to assert on. */
import { defineComponent, Name, StringEnum, Type, withDefault, type Capability } from '../src/index.js';

export const web = defineComponent({
  name: 'web',
  title: 'Web',
  summary: 'A test web server',
  category: 'core',
  namespace: 'web',
  chart: { name: 'web', version: '1.2.3', repository: 'https://charts.example.com' },
  podSelector: 'app=web',
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
  needs: (v) => v.needs as Capability[],
});

export const crds = defineComponent({
  name: 'crds',
  title: 'CRDs',
  summary: 'Installs the example.com CRDs',
  category: 'core',
  namespace: 'crds',
  podSecurity: 'restricted',
  chart: { name: 'crds', version: '0.1.0', oci: 'oci://registry.example.com/charts/crds' },
  podSelector: 'app=crds',
  docs: [],
  values: Type.Object({
    widgets: withDefault(Type.Array(Name(), { description: 'Widgets to create.' }), []),
    needs: withDefault(Type.Array(Type.String(), { description: 'Capabilities needed (test hook).' }), []),
  }),
  helmValues: () => ({}),
  objects: (v, ctx) =>
    v.widgets.map((name) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: ctx.namespace } })),
  provides: () => ['crd:example.com'],
  needs: (v) => v.needs as Capability[],
});
