// rule: defineCluster takes only its own keys (a typo is reported with the nearest key)
// expect: CLUSTER_INVALID extrenal
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `extrenal` is a typo of `external`
  extrenal: ['crd:monitoring.coreos.com'],
  components: [metricsServer()],
});
