// rule: credentials from 1Password need the 1Password backend: onepassword-connect with its operator, or the backend listed in `secretBackends`
// expect: SECRET_BACKEND_MISSING storageClasses[0].credentials.onePassword
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'smb', source: '//nas/kubernetes', credentials: { onePassword: { item: 'vaults/homelab/items/nas-smb' } } }],
    }),
  ],
});
