// rule: a SecretSource key is existingSecret or a backend of the cluster: a misspelt backend is not silently ignored
// expect: SECRET_BACKEND_UNKNOWN storageClasses[0].credentials.sop
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { sops } from '@fluxgen/sops';

export default defineCluster({
  name: 'fixture',
  external: ['secret:flux-system/sops-age'],
  secretBackends: [sops()],
  components: [
    csiDriverSmb({
      storageClasses: [
        {
          name: 'smb',
          source: '//nas/kubernetes',
          // @ts-expect-error `sop` is not a secret backend
          credentials: { sop: {} },
        },
      ],
    }),
  ],
});
