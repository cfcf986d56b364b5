// rule: a forwarder port applies to explicit forwarders only
// expect: VALUE_MISSING forwarders
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', forwarderPort: 5353 })],
});
