/**
 * A stand-in for a service mesh (Istio's istiod) in the cilium tests: it only publishes the `mesh`
 * fact, so that the cilium package does not depend on another component package.
 */
import { defineComponent, StringEnum, Type, withDefault } from '@fluxgen/core';

export const mesh = defineComponent({
  name: 'mesh',
  title: 'Mesh',
  summary: 'Publishes a service mesh and its data-plane mode',
  category: 'service-mesh',
  namespace: 'mesh-system',
  chart: { name: 'mesh', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({ mode: withDefault(StringEnum(['ambient', 'sidecar'], { description: 'Data-plane mode.' }), 'ambient') }),
  facts: (v) => [{ kind: 'mesh', mode: v.mode, path: 'profile' }],
});
