// rule: emitted objects match the schema of their kind: a Service port is a number
// expect: OBJECT_INVALID demo/app/service.yaml:spec.ports[0].port
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
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
