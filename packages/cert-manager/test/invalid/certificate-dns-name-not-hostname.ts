// rule: a Certificate's DNS names are hostnames (a wildcard only as the first label)
// expect: VALUE_INVALID certificates[0].dnsNames[0]
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  components: [
    certManager({
      issuers: [{ name: 'selfsigned', selfSigned: {} }],
      certificates: [{ name: 'app', dnsNames: ['app.*.example.com'], issuer: 'selfsigned', secretName: 'app-tls' }],
    }),
  ],
});
