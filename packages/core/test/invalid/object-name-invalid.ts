// rule: an emitted object's name is a DNS-1123 subdomain
// expect: POLICY_INVALID_NAME demo/app/configmap.yaml:metadata.name
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  objects: (_v, ctx) => [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Demo_Settings', namespace: ctx.namespace }, data: { mode: 'fast' } },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
