// rule: a Certificate names a ClusterIssuer of `issuers` (or one listed in `externalIssuers`)
// expect: VALUE_INVALID certificates[0].issuer
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  components: [
    certManager({
      issuers: [{ name: 'selfsigned', selfSigned: {} }],
      certificates: [{ name: 'app', dnsNames: ['app.example.com'], issuer: 'letsencrypt', secretName: 'app-tls' }],
    }),
  ],
});
