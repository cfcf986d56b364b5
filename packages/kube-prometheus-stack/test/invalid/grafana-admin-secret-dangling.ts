// rule: an existingSecret must be listed in the cluster's `external` (or produced by a component)
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ grafana: { admin: { secret: { existingSecret: 'grafana-admin' } } } })],
});
