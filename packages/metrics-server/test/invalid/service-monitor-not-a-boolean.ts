// rule: serviceMonitor is a boolean
// expect: VALUE_INVALID serviceMonitor
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `serviceMonitor` takes true or false
  components: [metricsServer({ serviceMonitor: 'yes' })],
});
