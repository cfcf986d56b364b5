// rule: a wildcard name cannot be validated over HTTP-01 (ACME validates wildcards only with DNS-01)
// expect: VALUE_INVALID certificates[0].dnsNames[1]
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  external: ['crd:gateway.networking.k8s.io', 'gateway:network/public'],
  components: [
    certManager({
      gatewayAPI: true,
      issuers: [{ name: 'le-http', acme: { solver: { http01: { gateway: { name: 'public', namespace: 'network' } } } } }],
      certificates: [{ name: 'web', dnsNames: ['example.com', '*.example.com'], issuer: 'le-http', secretName: 'web-tls' }],
    }),
  ],
});
