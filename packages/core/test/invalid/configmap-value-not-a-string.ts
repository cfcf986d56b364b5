// rule: emitted objects match the schema of their kind: ConfigMap data values are strings
// expect: OBJECT_INVALID demo/app/configmap.yaml:data.port
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits a ConfigMap with a number in it',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo-settings', namespace: ctx.namespace }, data: { port: 8080 } },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
