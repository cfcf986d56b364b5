// rule: kube-prometheus-stack needs the Prometheus Operator CRDs from the prometheus-operator-crds component or `external`
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [kubePrometheusStack()],
});
