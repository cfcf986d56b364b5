// rule: a SOPS file holds the Secret its consumer names, not another one
// expect: SECRET_FILE_INVALID storageClasses[0].credentials.sops
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { sops } from '@fluxgen/sops';

export default defineCluster({
  name: 'fixture',
  external: ['secret:flux-system/sops-age'],
  secretBackends: [sops()],
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'smb', source: '//nas/kubernetes', credentials: { sops: {} } }],
    }),
  ],
});
