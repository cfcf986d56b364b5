// rule: a SOPS file is a file name in its namespace's folder: a path cannot leave clusters/<cluster>/secrets/<namespace>
// expect: SECRET_FILE_INVALID storageClasses[0].credentials.sops.file
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { sops } from '@fluxgen/sops';

export default defineCluster({
  name: 'fixture',
  external: ['secret:flux-system/sops-age'],
  secretBackends: [sops()],
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'smb', source: '//nas/kubernetes', credentials: { sops: { file: '../../cluster.ts' } } }],
    }),
  ],
});
