// rule: retentionSize is one byte size like 90GB, nothing around it
// expect: VALUE_INVALID prometheus.retentionSize
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { retentionSize: 'up to 90GB' } })],
});
