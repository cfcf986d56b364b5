// rule: a route attaches to a Gateway that the cluster has
// expect: REFERENCE_DANGLING grafana.route.gateway
import { gatewayApi } from '@fluxgen/gateway-api';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/wildcard-tls'],
  components: [
    gatewayApi({ namespace: 'kube-system', gateways: [{ name: 'internal', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.home.example.com', certificates: ['wildcard-tls'] }] }] }),
    prometheusOperatorCrds(),
    kubePrometheusStack({ grafana: { route: { hostnames: ['grafana.home.example.com'], gateway: { name: 'external', namespace: 'kube-system' } } } }),
  ],
});
