// rule: every entry of components is a component (not `false` from `cond && component()`)
// expect: CLUSTER_INVALID components[1]
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `false` is not a component
  components: [metricsServer(), false],
});
