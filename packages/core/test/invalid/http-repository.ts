// rule: a chart repository is fetched over https:// (plain HTTP lets anyone on the path change the chart)
// expect: POLICY_INSECURE_URL chart.repository
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A chart served over plain HTTP',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'http://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo()] });
