// rule: a component is used by calling its factory: metricsServer(), not metricsServer
// expect: CLUSTER_INVALID components[0]
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error the factory itself is not an instance
  components: [metricsServer],
});
