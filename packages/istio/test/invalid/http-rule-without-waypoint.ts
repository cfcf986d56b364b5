// rule: in ambient mode an HTTP rule needs a waypoint or Gateway in targetRefs (ztunnel enforces L4 only)
// expect: VALUE_INVALID authorizationPolicies[0].rules[0].to.paths
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ authorizationPolicies: [{ name: 'admin', namespace: 'apps', action: 'DENY', rules: [{ to: { paths: ['/admin'] } }] }] })],
});
