// rule: DNS-over-TLS needs explicit upstream addresses
// expect: VALUE_MISSING forwarders
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', tlsServerName: 'cloudflare-dns.com' })],
});
