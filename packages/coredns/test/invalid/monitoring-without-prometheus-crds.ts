// rule: the ServiceMonitor needs the Prometheus Operator CRDs from a component or external
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', monitoring: true })],
});
