// rule: emitted objects match the schema of their kind: ConfigMap data values are strings
// expect: OBJECT_INVALID demo/app/configmap.yaml:data.port
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  objects: (_v, ctx) => [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo-settings', namespace: ctx.namespace }, data: { port: 8080 } },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
