// rule: the component list is `components` (a typo loses every component)
// expect: CLUSTER_INVALID component
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `component` is a typo of `components`
  component: [metricsServer()],
});
