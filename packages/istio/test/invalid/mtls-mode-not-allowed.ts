// rule: mesh-wide mTLS is STRICT or PERMISSIVE
// expect: VALUE_INVALID mtls
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ mtls: 'strict' as 'STRICT' })],
});
