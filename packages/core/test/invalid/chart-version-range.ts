// rule: a chart version is one exact version, not a range
// expect: POLICY_VERSION_NOT_PINNED chart.version
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A chart pinned to a range',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '^1.2.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo()] });
