// rule: a SOPS reference needs the SOPS backend listed in the cluster's secretBackends
// expect: SECRET_BACKEND_MISSING storageClasses[0].credentials.sops
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { sops } from '@fluxgen/sops';

export default defineCluster({
  name: 'fixture',
  external: ['secret:flux-system/sops-age'],
  secretBackends: [],
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'smb', source: '//nas/kubernetes', credentials: { sops: {} } }],
    }),
  ],
});
