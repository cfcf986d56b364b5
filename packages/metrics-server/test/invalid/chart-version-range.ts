// rule: the chart version is exact, not a range
// expect: POLICY_VERSION_NOT_PINNED version
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ version: '~3.13.0' })],
});
