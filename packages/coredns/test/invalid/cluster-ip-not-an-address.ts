// rule: the Service address is an IP address, not a CIDR
// expect: VALUE_INVALID clusterIP
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.0/12' })],
});
