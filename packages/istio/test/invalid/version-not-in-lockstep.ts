// rule: the four Istio charts pin one version: an override on one must be on all
// expect: VALUE_INVALID version
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod(), istioCni(), ztunnel({ version: '1.29.6' })],
});
