// rule: typed values only take declared keys; the ServiceMonitor switch is `monitoring` (homelabs set a top-level `serviceMonitor` the chart ignores)
// expect: VALUE_UNKNOWN_KEY serviceMonitor
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `serviceMonitor` is not a Loki value
  components: [loki({ serviceMonitor: true })],
});
