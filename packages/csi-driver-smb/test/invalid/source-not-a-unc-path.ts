// rule: a StorageClass source is a UNC path `//server/share`, not a URL
// expect: VALUE_INVALID storageClasses[0].source
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({ storageClasses: [{ name: 'smb', source: 'smb://nas.home.arpa/kubernetes', credentials: { existingSecret: 'smbcreds' } }] }),
  ],
});
