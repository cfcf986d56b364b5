// rule: emitted objects take only the fields of their kind (`metadata.label` is a typo of `labels`)
// expect: OBJECT_INVALID demo/app/configmap.yaml:metadata.label
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
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
