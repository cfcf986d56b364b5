// rule: a Secret named in chart values (tls.existingSecret.name) is produced in the cluster or declared external
// expect: REFERENCE_DANGLING values.tls.existingSecret.name
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { tls: { type: 'existingSecret', existingSecret: { name: 'metrics-server-tls' } } } })],
});
