// rule: an instance names the zones it manages (`domainFilters`)
// expect: VALUE_MISSING domainFilters
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/cloudflare'],
  // @ts-expect-error domainFilters is required
  components: [externalDns({ provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['service'] })],
});
