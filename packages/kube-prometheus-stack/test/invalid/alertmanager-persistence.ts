// rule: keys are checked where the chart reads them: Alertmanager storage is `alertmanager.alertmanagerSpec.storage`, the chart never reads `alertmanager.persistence`
// expect: HELM_VALUE_UNKNOWN values.alertmanager.persistence
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [kubePrometheusStack({ helmValues: { alertmanager: { persistence: { enabled: true, size: '5Gi' } } } })],
});
