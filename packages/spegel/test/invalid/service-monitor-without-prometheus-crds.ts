// rule: the ServiceMonitor needs the Prometheus Operator CRDs from a component or external
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ monitoring: true })],
});
