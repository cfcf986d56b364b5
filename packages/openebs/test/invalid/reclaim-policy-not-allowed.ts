// rule: a hostpath volume is deleted or retained
// expect: VALUE_INVALID hostpath.reclaimPolicy
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ hostpath: { reclaimPolicy: 'Recycle' as 'Delete' } })],
});
