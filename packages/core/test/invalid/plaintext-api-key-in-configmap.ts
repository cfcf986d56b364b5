// rule: no credential is written as plain text in an emitted object
// expect: POLICY_PLAINTEXT_SECRET demo/app/configmap.yaml:data.apiKey
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
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
