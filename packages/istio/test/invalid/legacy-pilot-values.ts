// rule: istiod values are top level: the old pilot.* nesting is not a key of the chart
// expect: HELM_VALUE_UNKNOWN values.pilot
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ helmValues: { pilot: { resources: { requests: { cpu: '1' } } } } })],
});
