// rule: a key no template reads is refused, with the key it starts as the hint (`bgp` → `bgpControlPlane`, not `bpf`)
// expect: HELM_VALUE_UNKNOWN values.bgp
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { bgp: { enabled: true, announce: { loadbalancerIP: true } } } })],
});
