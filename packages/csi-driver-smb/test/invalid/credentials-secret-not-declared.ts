// rule: an existing credentials Secret must be declared in the cluster's `external` list
// expect: REFERENCE_DANGLING storageClasses[0].credentials.existingSecret
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    csiDriverSmb({ storageClasses: [{ name: 'smb', source: '//nas/kubernetes', credentials: { existingSecret: 'smbcreds' } }] }),
  ],
});
