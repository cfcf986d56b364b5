// rule: reclaimPolicy is `Delete` or `Retain` (`Recycle` is deprecated and not supported by CSI)
// expect: VALUE_INVALID storageClasses[0].reclaimPolicy
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [
        // @ts-expect-error `Recycle` is not a reclaim policy here
        { name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' }, reclaimPolicy: 'Recycle' },
      ],
    }),
  ],
});
