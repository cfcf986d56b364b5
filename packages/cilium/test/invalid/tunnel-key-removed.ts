// rule: a key the chart reads only to fail the render was removed (`tunnel` → `routingMode` + `tunnelProtocol`)
// expect: HELM_VALUE_REMOVED values.tunnel
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { tunnel: 'vxlan' } })],
});
