// rule: a component appears once per cluster, unless the second instance has its own name
// expect: COMPONENT_DUPLICATE -
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Listed twice',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo(), demo()] });
