// rule: a SOPS reference needs its encrypted file at clusters/<cluster>/secrets/<namespace>/<secret>.sops.yaml
// expect: SECRET_FILE_MISSING storageClasses[0].credentials.sops
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
