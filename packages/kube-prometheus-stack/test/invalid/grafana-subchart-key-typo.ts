// rule: a subchart's keys are checked against its own contract under its alias (grafana 12.11.1 reads `persistence`)
// expect: HELM_VALUE_UNKNOWN values.grafana.persistance
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [kubePrometheusStack({ helmValues: { grafana: { persistance: { enabled: true } } } })],
});
