// rule: metricResolution is longer than zero
// expect: VALUE_INVALID metricResolution
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ metricResolution: '0s' })],
});
