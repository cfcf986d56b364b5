// rule: a pool address range starts at a real IP address
// expect: VALUE_INVALID l2Announcements.pools[0].blocks[0].start
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ start: '192.168.1.300', stop: '192.168.1.310' }] }] } })],
});
