// rule: native routing needs nativeRoutingCIDR
// expect: VALUE_MISSING nativeRoutingCIDR
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ routingMode: 'native' })],
});
