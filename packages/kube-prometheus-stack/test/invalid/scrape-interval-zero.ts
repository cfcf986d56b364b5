// rule: a scrape interval is longer than zero
// expect: VALUE_INVALID prometheus.scrapeInterval
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { scrapeInterval: '0s' } })],
});
