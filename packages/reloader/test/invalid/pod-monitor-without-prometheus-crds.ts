// rule: the PodMonitor needs the Prometheus Operator CRDs from a component or external
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ monitoring: true })],
});
