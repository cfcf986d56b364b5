// rule: forwarders are IP addresses (the forward plugin does not resolve names)
// expect: VALUE_INVALID forwarders[0]
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', forwarders: ['dns.google'] })],
});
