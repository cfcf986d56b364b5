// rule: the cluster's Flux interval is a duration longer than zero
// expect: CLUSTER_INVALID flux.interval
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  flux: { interval: '0s' },
  components: [metricsServer()],
});
