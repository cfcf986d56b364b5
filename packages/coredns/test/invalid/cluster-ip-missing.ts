// rule: the kube-dns Service needs the fixed ClusterIP that kubelets hand to pods
// expect: VALUE_MISSING clusterIP
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error clusterIP is required
  components: [coredns({ replicas: 2 })],
});
