// rule: a StorageClass needs the Secret with the SMB login (credentials are never optional or literal)
// expect: VALUE_MISSING storageClasses[0].credentials
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    // @ts-expect-error `credentials` is required
    csiDriverSmb({ storageClasses: [{ name: 'smb', source: '//nas/kubernetes' }] }),
  ],
});
