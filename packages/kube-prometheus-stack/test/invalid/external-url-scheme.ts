// rule: externalUrl is an http(s) URL
// expect: VALUE_INVALID prometheus.externalUrl
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { externalUrl: 'ftp://prometheus.example.com' } })],
});
