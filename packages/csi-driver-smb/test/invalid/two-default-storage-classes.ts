// rule: at most one StorageClass is the default
// expect: NAME_DUPLICATE storageClasses[1].defaultClass
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [
        { name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' }, defaultClass: true },
        { name: 'smb-retain', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' }, reclaimPolicy: 'Retain', defaultClass: true },
      ],
    }),
  ],
});
