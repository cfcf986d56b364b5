// rule: prometheus.retention is a Prometheus duration string such as `15d`, not a number of days
// expect: VALUE_INVALID prometheus.retention
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [
    prometheusOperatorCrds(),
    // @ts-expect-error retention is a string like `15d`
    kubePrometheusStack({ prometheus: { retention: 15 } }),
  ],
});
