// rule: a route hostname is lowercase
// expect: VALUE_INVALID grafana.route.hostnames[0]
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['crd:gateway.networking.k8s.io', 'gateway:monitoring/internal'],
  components: [prometheusOperatorCrds(), kubePrometheusStack({ grafana: { route: { hostnames: ['Grafana.Example.com'], gateway: { name: 'internal' } } } })],
});
