// rule: AuthorizationPolicy names are unique
// expect: NAME_DUPLICATE authorizationPolicies[1].name
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ authorizationPolicies: [{ name: 'allow', namespace: 'apps' }, { name: 'allow', namespace: 'web' }] })],
});
