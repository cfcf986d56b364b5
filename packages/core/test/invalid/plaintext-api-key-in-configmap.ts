// rule: no credential is written as plain text in an emitted object
// expect: POLICY_PLAINTEXT_SECRET demo/app/configmap.yaml:data.apiKey
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits its settings, API key included',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'demo-settings', namespace: ctx.namespace },
      data: { endpoint: 'https://api.example.com', apiKey: 'k-12345' },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
