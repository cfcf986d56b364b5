// rule: helmValues keys exist in the pinned chart (1.46.2 reads k8sAppLabelOverride, not k8sApp)
// expect: HELM_VALUE_UNKNOWN values.k8sApp
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  components: [coredns({ clusterIP: '10.96.0.10', helmValues: { k8sApp: 'kube-dns' } })],
});
