// rule: an external authorizer is a Service host name, not a URL
// expect: VALUE_INVALID extAuthz[0].service
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ extAuthz: [{ name: 'authentik', service: 'http://ak-outpost.authentik.svc:9000', port: 9000 }] })],
});
