// rule: metricResolution is a duration with its unit, such as `15s` (a bare number is not one)
// expect: VALUE_INVALID metricResolution
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ metricResolution: '15' })],
});
