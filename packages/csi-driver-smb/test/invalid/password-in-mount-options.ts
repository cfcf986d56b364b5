// rule: SMB credentials go in the Secret, never in mount options
// expect: VALUE_INVALID storageClasses[0].mountOptions[1]
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [
        { name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' }, mountOptions: ['uid=1000', 'password=hunter2'] },
      ],
    }),
  ],
});
