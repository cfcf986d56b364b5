// rule: a component's default namespace is a DNS-1123 label
// expect: POLICY_INVALID_NAME namespace
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A component with an impossible namespace',
  category: 'core',
  namespace: 'Demo_System',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo()] });
