// rule: an L2 pool needs at least one address block
// expect: VALUE_INVALID l2Announcements.pools[0].blocks
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [] }] } })],
});
