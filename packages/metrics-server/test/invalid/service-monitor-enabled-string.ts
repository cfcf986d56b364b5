// rule: a boolean default takes a boolean: the string "false" is true in a Go template
// expect: HELM_VALUE_INVALID values.serviceMonitor.enabled
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { serviceMonitor: { enabled: 'false' } } })],
});
