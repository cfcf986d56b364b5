// rule: a split-DNS zone needs forwarders or static records
// expect: VALUE_MISSING zones[0].forwarders
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', zones: [{ zone: 'home.arpa' }] })],
});
