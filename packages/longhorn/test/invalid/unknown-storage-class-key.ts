// rule: typed values only take declared keys; `storageClass.reclaimPolcy` is a typo of `storageClass.reclaimPolicy`
// expect: VALUE_UNKNOWN_KEY storageClass.reclaimPolcy
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `reclaimPolcy` is not a StorageClass field
  components: [longhorn({ storageClass: { reclaimPolcy: 'Retain' } })],
});
