// rule: LB IPAM pool names are unique
// expect: NAME_DUPLICATE l2Announcements.pools[1].name
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ cidr: '192.168.1.240/28' }] }, { name: 'lan', blocks: [{ cidr: '192.168.2.240/28' }] }] } })],
});
