// rule: prometheus.retentionSize needs a byte unit (`90GB`, `50GiB`); `90G` is rejected by the Prometheus CRD
// expect: VALUE_INVALID prometheus.retentionSize
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { retentionSize: '90G' } })],
});
