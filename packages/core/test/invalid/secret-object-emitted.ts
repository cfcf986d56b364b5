// rule: fluxgen refers to Secrets and never writes one: a Secret in Git is a plaintext credential
// expect: POLICY_PLAINTEXT_SECRET demo/app/secret.yaml:stringData.password
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  objects: (_v, ctx) => [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-credentials', namespace: ctx.namespace },
      stringData: { password: 'hunter2' },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
