// rule: an existing Secret for the provider credentials must be listed in the cluster's `external`
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  components: [
    externalDns({ provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['service'], domainFilters: ['example.com'] }),
  ],
});
