// rule: a SOPS file has every key its consumer reads (the SMB login needs username and password)
// expect: SECRET_KEY_MISSING storageClasses[0].credentials.sops
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
