// rule: credentials from 1Password need the 1Password operator CRDs from a component or `external`
// expect: DEPENDENCY_UNMET -
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
