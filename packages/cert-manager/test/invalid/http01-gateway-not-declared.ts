// rule: the HTTP-01 solver's Gateway is one the cluster declares (or lists as `gateway:<ns>/<name>` in `external`)
// expect: REFERENCE_DANGLING issuers[0].acme.solver.http01.gateway
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  external: ['crd:gateway.networking.k8s.io'],
  components: [
    certManager({
      gatewayAPI: true,
      issuers: [{ name: 'le-http', acme: { solver: { http01: { gateway: { name: 'public', namespace: 'network' } } } } }],
    }),
  ],
});
