// rule: a snapshot volume's StorageClass is made by a component of the cluster or listed in `external`
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({
  name: 'fixture',
  components: [dragonflyOperator({ instances: [{ name: 'store', snapshot: { cron: '0 3 * * *', volume: { size: '1Gi', storageClass: 'fast' } } }] })],
});
