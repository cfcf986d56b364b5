// rule: a volume size is larger than zero
// expect: VALUE_INVALID prometheus.storage.size
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { storage: { size: '0' } } })],
});
