// rule: typed values only take declared keys; `prometheus.retentionSise` is a typo of `prometheus.retentionSize`
// expect: VALUE_UNKNOWN_KEY prometheus.retentionSise
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [
    prometheusOperatorCrds(),
    // @ts-expect-error `retentionSise` is not a Prometheus field
    kubePrometheusStack({ prometheus: { retentionSise: '50GB' } }),
  ],
});
