// rule: an external Secret is written secret:<namespace>/<name>
// expect: CLUSTER_INVALID external[0]
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:smb-credentials'],
  components: [metricsServer()],
});
