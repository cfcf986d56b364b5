// rule: emitted objects take only the fields of their kind (`metadata.label` is a typo of `labels`)
// expect: OBJECT_INVALID demo/app/configmap.yaml:metadata.label
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits a ConfigMap with a misspelt metadata field',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'demo-settings', namespace: ctx.namespace, label: { app: 'demo' } },
      data: {},
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
