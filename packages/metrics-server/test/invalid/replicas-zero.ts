// rule: at least one replica
// expect: VALUE_INVALID replicas
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ replicas: 0 })],
});
