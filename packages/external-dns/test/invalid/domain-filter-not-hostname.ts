// rule: a domain filter is a zone name (a hostname, no scheme or wildcard)
// expect: VALUE_INVALID domainFilters[0]
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/cloudflare'],
  components: [
    externalDns({ provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['service'], domainFilters: ['https://example.com'] }),
  ],
});
