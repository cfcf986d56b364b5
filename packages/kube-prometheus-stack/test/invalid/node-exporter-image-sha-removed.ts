// rule: a subchart key read only to fail was removed (prometheus-node-exporter `image.sha`; use `image.digest`)
// expect: HELM_VALUE_REMOVED values.prometheus-node-exporter.image.sha
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [kubePrometheusStack({ helmValues: { 'prometheus-node-exporter': { image: { sha: 'abc123' } } } })],
});
