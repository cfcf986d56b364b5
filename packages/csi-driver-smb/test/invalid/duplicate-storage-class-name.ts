// rule: StorageClass names are unique
// expect: NAME_DUPLICATE storageClasses[1].name
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [
        { name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' } },
        { name: 'smb', source: '//nas/media', credentials: { existingSecret: 'smbcreds' }, shared: true },
      ],
    }),
  ],
});
