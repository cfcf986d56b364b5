// rule: the tracing sampling rate is a percentage
// expect: VALUE_INVALID tracing.samplingPercent
import { defineCluster } from '@fluxgen/core';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';

export default defineCluster({
  name: 'fixture',
  components: [istioBase(), istiod({ tracing: { service: 'tempo.monitoring.svc.cluster.local', samplingPercent: 150 } })],
});
