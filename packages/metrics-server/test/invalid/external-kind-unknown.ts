// rule: an external capability is <kind>:<name> with a known kind
// expect: CLUSTER_INVALID external[0]
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['crds:monitoring.coreos.com'],
  components: [metricsServer()],
});
