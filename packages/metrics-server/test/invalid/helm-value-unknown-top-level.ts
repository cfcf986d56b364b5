// rule: helmValues keys exist in the pinned chart (`replica` is a typo of `replicas`)
// expect: HELM_VALUE_UNKNOWN values.replica
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { replica: 2 } })],
});
