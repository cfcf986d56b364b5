// rule: an ACME server is `production`, `staging` or an https:// directory URL
// expect: VALUE_INVALID issuers[0].acme.server
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  external: ['secret:cert-manager/cloudflare'],
  components: [
    certManager({
      issuers: [
        { name: 'le', acme: { server: 'http://acme.example.com/directory', solver: { cloudflare: { apiToken: { existingSecret: 'cloudflare' } } } } },
      ],
    }),
  ],
});
