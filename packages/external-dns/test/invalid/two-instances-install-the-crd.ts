// rule: only one external-dns instance of a cluster installs the DNSEndpoint CRD (the others set `crds: false`)
// expect: VALUE_INVALID crds
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/cloudflare', 'secret:external-dns/pihole'],
  components: [
    externalDns({ name: 'external-dns-cloudflare', provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['service'], domainFilters: ['example.com'] }),
    externalDns({ name: 'external-dns-pihole', provider: { pihole: { server: 'http://pihole.lan', password: { existingSecret: 'pihole' } } }, sources: ['service'], domainFilters: ['home.arpa'] }),
  ],
});
