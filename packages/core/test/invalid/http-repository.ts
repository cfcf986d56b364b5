// rule: a chart repository is fetched over https:// (plain HTTP lets anyone on the path change the chart)
// expect: POLICY_INSECURE_URL chart.repository
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  chart: { name: 'demo', version: '1.0.0', repository: 'http://charts.example.com' },
});

export default defineCluster({ name: 'fixture', components: [demo()] });
