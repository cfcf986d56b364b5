// rule: a StorageClass name is a lowercase DNS name
// expect: VALUE_INVALID hostpath.storageClassName
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ hostpath: { storageClassName: 'OpenEBS-Hostpath' } })],
});
