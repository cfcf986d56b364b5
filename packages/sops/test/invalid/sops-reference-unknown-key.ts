// rule: a SOPS reference takes only file and secretName
// expect: VALUE_UNKNOWN_KEY storageClasses[0].credentials.sops.fil
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
          // @ts-expect-error `fil` is not a key of a SOPS reference
          credentials: { sops: { fil: 'smb.sops.yaml' } },
        },
      ],
    }),
  ],
});
