// rule: StorageClass fields are typed; `mountOption` is a typo of `mountOptions`
// expect: VALUE_UNKNOWN_KEY storageClasses[0].mountOption
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [
        // @ts-expect-error `mountOption` is not a StorageClass field
        { name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' }, mountOption: ['uid=1000'] },
      ],
    }),
  ],
});
