// rule: a named StorageClass must be provided by a component (e.g. Longhorn) or listed in `external`
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds(), kubePrometheusStack({ prometheus: { storage: { storageClass: 'longhorn', size: '50Gi' } } })],
});
