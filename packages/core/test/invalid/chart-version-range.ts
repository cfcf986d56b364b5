// rule: a chart version is one exact version, not a range
// expect: POLICY_VERSION_NOT_PINNED chart.version
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  chart: { name: 'demo', version: '^1.2.0', repository: 'https://charts.example.com' },
});

export default defineCluster({ name: 'fixture', components: [demo()] });
