// rule: a gateway source needs the Gateway API CRDs in the cluster
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/cloudflare'],
  components: [
    externalDns({ provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['gateway-httproute'], domainFilters: ['example.com'] }),
  ],
});
