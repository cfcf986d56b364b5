// rule: an HTTP-01 issuer through a Gateway needs the controller's Gateway API support (`gatewayAPI: true`)
// expect: VALUE_MISSING gatewayAPI
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  external: ['crd:gateway.networking.k8s.io', 'gateway:network/public'],
  components: [
    certManager({
      issuers: [{ name: 'le-http', acme: { solver: { http01: { gateway: { name: 'public', namespace: 'network' } } } } }],
    }),
  ],
});
