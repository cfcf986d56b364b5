// rule: metricResolution is a whole number of seconds such as `15s`
// expect: VALUE_INVALID metricResolution
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ metricResolution: '1m' })],
});
