// rule: a SOPS file carries SOPS metadata: without it, it was never encrypted
// expect: SECRET_NOT_ENCRYPTED storageClasses[0].credentials.sops
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
