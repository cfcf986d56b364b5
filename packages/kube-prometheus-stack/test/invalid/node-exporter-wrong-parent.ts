// rule: node-exporter settings live under its subchart alias `prometheus-node-exporter`, not `nodeExporter` (which only switches it on)
// expect: HELM_VALUE_UNKNOWN values.nodeExporter.hostRootFsMount
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [kubePrometheusStack({ helmValues: { nodeExporter: { enabled: true, hostRootFsMount: { enabled: false } } } })],
});
