// rule: a pool block CIDR has a real IPv4 address (each number 0-255)
// expect: VALUE_INVALID l2Announcements.pools[0].blocks[0].cidr
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ cidr: '192.168.1.300/28' }] }] } })],
});
