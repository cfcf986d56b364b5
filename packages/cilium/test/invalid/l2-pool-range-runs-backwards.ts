// rule: a pool address range runs upwards: start comes before stop
// expect: VALUE_INVALID l2Announcements.pools[0].blocks[0]
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ start: '192.168.1.239', stop: '192.168.1.220' }] }] } })],
});
