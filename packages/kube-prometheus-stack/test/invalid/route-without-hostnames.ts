// rule: a Gateway API route needs at least one host name
// expect: VALUE_INVALID grafana.route.hostnames
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['crd:gateway.networking.k8s.io'],
  components: [
    prometheusOperatorCrds(),
    kubePrometheusStack({ grafana: { route: { hostnames: [], gateway: { name: 'main-gateway' } } } }),
  ],
});
