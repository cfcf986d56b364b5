// rule: sources are kinds external-dns reads (`service`, `ingress`, `gateway-httproute`, `crd`, …)
// expect: VALUE_INVALID sources[0]
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/cloudflare'],
  components: [
    // @ts-expect-error `httproute` is not a source (`gateway-httproute` is)
    externalDns({ provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } }, sources: ['httproute'], domainFilters: ['example.com'] }),
  ],
});
