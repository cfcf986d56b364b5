// rule: a component's values are an object schema (Type.Object), not a plain object
// expect: COMPONENT_INVALID values
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const plain = defineComponent({
  name: 'plain',
  title: 'Plain',
  summary: 'Values written as a plain object',
  category: 'core',
  namespace: 'plain',
  chart: { name: 'plain', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  // @ts-expect-error a plain object is not a schema
  values: { replicas: Type.Integer() },
});

export default defineCluster({ name: 'fixture', components: [plain()] });
