// rule: an L2 announcement policy announces LoadBalancer IPs, external IPs, or both
// expect: VALUE_INVALID l2Announcements.policies[0]
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, policies: [{ name: 'quiet', loadBalancerIPs: false, externalIPs: false }] } })],
});
