// rule: mount options never carry credentials (they come from the Secret)
// expect: VALUE_INVALID storageClasses[0].mountOptions[0]
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smb'],
  components: [csiDriverSmb({ storageClasses: [{ name: 'smb', source: '//nas.lan/share', credentials: { existingSecret: 'smb' }, mountOptions: ['password=hunter2'] }] })],
});
