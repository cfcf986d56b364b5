// rule: one default StorageClass per cluster, across components
// expect: NAME_DUPLICATE storageClasses[0].defaultClass
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smb'],
  components: [longhorn(), csiDriverSmb({ storageClasses: [{ name: 'smb', source: '//nas.lan/share', credentials: { existingSecret: 'smb' }, defaultClass: true }] })],
});
