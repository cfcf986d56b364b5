// rule: an object's kind is a plain word: it names its file, so `../` could write outside the tree
// expect: POLICY_INVALID_NAME demo/app/../../escaped.yaml:kind
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  objects: (_v, ctx) => [{ apiVersion: 'example.com/v1', kind: '../../Escaped', metadata: { name: 'x', namespace: ctx.namespace } }],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
