// rule: each zone has one server block
// expect: NAME_DUPLICATE zones[1].zone
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', zones: [{ zone: 'home.arpa', forwarders: ['192.168.1.1'] }, { zone: 'home.arpa', forwarders: ['192.168.1.2'] }] })],
});
