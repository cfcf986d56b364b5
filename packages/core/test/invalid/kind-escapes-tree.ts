// rule: an object's kind is a plain word: it names its file, so `../` could write outside the tree
// expect: POLICY_INVALID_NAME demo/app/../../escaped.yaml:kind
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits an object whose kind is a path',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [{ apiVersion: 'example.com/v1', kind: '../../Escaped', metadata: { name: 'x', namespace: ctx.namespace } }],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
