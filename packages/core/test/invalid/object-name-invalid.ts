// rule: an emitted object's name is a DNS-1123 subdomain
// expect: POLICY_INVALID_NAME demo/app/configmap.yaml:metadata.name
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits a ConfigMap with an impossible name',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Demo_Settings', namespace: ctx.namespace }, data: { mode: 'fast' } },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
