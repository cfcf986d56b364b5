// rule: a split-DNS zone may not shadow the cluster domain
// expect: VALUE_INVALID zones[0].zone
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', zones: [{ zone: 'svc.cluster.local', forwarders: ['192.168.1.1'] }] })],
});
