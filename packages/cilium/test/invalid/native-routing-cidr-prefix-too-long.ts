// rule: nativeRoutingCIDR is a CIDR: an IPv4 prefix length is at most 32
// expect: VALUE_INVALID nativeRoutingCIDR
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ routingMode: 'native', nativeRoutingCIDR: '10.244.0.0/33' })],
});
