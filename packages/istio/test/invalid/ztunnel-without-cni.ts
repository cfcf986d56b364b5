// rule: ztunnel is applied after istio-cni, which must be in the cluster
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod(), ztunnel()],
});
