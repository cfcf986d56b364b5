// rule: a StorageClass source is a network share //server/share
// expect: VALUE_INVALID storageClasses[0].source
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smb'],
  components: [csiDriverSmb({ storageClasses: [{ name: 'smb', source: 'nas.lan/share', credentials: { existingSecret: 'smb' } }] })],
});
