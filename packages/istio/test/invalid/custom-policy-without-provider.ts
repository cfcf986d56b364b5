// rule: a CUSTOM AuthorizationPolicy names the external authorizer that decides
// expect: VALUE_MISSING authorizationPolicies[0].provider
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ authorizationPolicies: [{ name: 'auth', namespace: 'apps', action: 'CUSTOM', targetRefs: [{ kind: 'Gateway', name: 'external' }] }] })],
});
