/**
 * Two small components for the stack-rule tests: a service mesh that publishes its data-plane mode,
 * and a CNI that must not be exclusive under an ambient mesh (the rule Cilium has under Istio).
 */
import { defineComponent, StringEnum, Type, withDefault } from '../src/index.js';

export const mesh = defineComponent({
  name: 'mesh',
  title: 'Mesh',
  summary: 'A service mesh',
  category: 'service-mesh',
  namespace: 'mesh-system',
  chart: { name: 'mesh', version: '1.0.0', repository: 'https://charts.example.com' },
  chartData: new URL('./fixtures/charts/mesh/', import.meta.url),
  docs: [],
  values: Type.Object({
    profile: withDefault(StringEnum(['ambient', 'sidecar'], { description: 'Data-plane mode.' }), 'ambient'),
  }),
  helmValues: (v) => ({ profile: v.profile }),
  facts: (v) => [{ kind: 'mesh', mode: v.profile, path: 'profile' }],
});

export const cni = defineComponent({
  name: 'cni',
  title: 'CNI',
  summary: 'A CNI plugin',
  category: 'networking',
  namespace: 'kube-system',
  chart: { name: 'cni', version: '1.0.0', repository: 'https://charts.example.com' },
  chartData: new URL('./fixtures/charts/cni/', import.meta.url),
  docs: [],
  values: Type.Object({
    exclusive: Type.Optional(Type.Boolean({ description: 'Remove other CNI configurations from the nodes.' })),
  }),
  helmValues: (v) => ({ routing: 'native', ...(v.exclusive !== undefined ? { cni: { exclusive: v.exclusive } } : {}) }),
  derive: (_, ctx) => {
    const mesh = ctx.facts.one('mesh');
    if (mesh?.mode !== 'ambient') return [];
    return [
      { helmPath: 'cni.exclusive', value: false, valuePath: 'exclusive', because: mesh, reason: 'an ambient mesh chains its CNI plugin after this one' },
      { helmPath: 'socketLB.hostNamespaceOnly', value: true, because: mesh, reason: 'ambient redirection needs socket load balancing in the host namespace only' },
    ];
  },
});
