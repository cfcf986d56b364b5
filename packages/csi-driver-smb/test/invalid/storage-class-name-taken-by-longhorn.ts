// rule: a StorageClass name has one maker in the cluster
// expect: NAME_DUPLICATE -
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smb'],
  components: [longhorn(), csiDriverSmb({ storageClasses: [{ name: 'longhorn', source: '//nas.lan/share', credentials: { existingSecret: 'smb' } }] })],
});
