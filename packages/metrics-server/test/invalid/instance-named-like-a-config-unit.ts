// rule: an instance name is not another component's Flux unit (<name>-config)
// expect: NAME_DUPLICATE name
import { cilium } from '@fluxgen/cilium';
import { metricsServer } from '@fluxgen/metrics-server';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    cilium({ l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ cidr: '192.168.1.240/28' }] }] } }),
    metricsServer({ name: 'cilium-config' }),
  ],
});
