// rule: an acknowledgement must accept something the contract does not know (here the chart reads the key already)
// expect: HELM_ACK_UNUSED acknowledge[0]
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    cilium({
      helmValues: { socketLB: { hostNamespaceOnly: true } },
      acknowledge: [{ path: 'socketLB.hostNamespaceOnly', reason: 'Istio ambient' }],
    }),
  ],
});
