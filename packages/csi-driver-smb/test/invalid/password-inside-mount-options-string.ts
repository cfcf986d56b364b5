// rule: `password=` inside an options string is a secret by its value, even where a single-option check misses it
// expect: POLICY_PLAINTEXT_SECRET csi-driver-smb/app/storageclass.yaml:mountOptions[0]
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smb-credentials'],
  components: [
    csiDriverSmb({
      storageClasses: [
        {
          name: 'smb',
          source: '//nas.home.arpa/kubernetes',
          credentials: { existingSecret: 'smb-credentials' },
          mountOptions: ['vers=3.0,password=hunter2'],
        },
      ],
    }),
  ],
});
