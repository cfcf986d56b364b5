// rule: emitted objects match the schema of their kind: a Service port is a number
// expect: OBJECT_INVALID demo/app/service.yaml:spec.ports[0].port
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits a Service with a named port where a number belongs',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'demo-lb', namespace: ctx.namespace },
      spec: { type: 'LoadBalancer', selector: { app: 'demo' }, ports: [{ name: 'http', port: 'http', targetPort: 8080 }] },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
