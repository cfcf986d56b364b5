// rule: a zone's static records are names inside that zone
// expect: VALUE_INVALID zones[0].hosts[0].names[1]
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', zones: [{ zone: 'home.arpa', hosts: [{ address: '192.168.1.5', names: ['nas.home.arpa', 'nas.example.com'] }] }] })],
});
