/**
 * A cluster whose credentials are SOPS files beside it (`secrets/<namespace>/*.sops.yaml`,
 * encrypted for an age key; the values here are stand-ins, no key decrypts them). The generated
 * tree in `flux/infra` is the golden output of packages/sops/test/sops.test.ts.
 */
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { longhorn } from '@fluxgen/longhorn';
import { sops } from '@fluxgen/sops';

export default defineCluster({
  name: 'lab',
  // The age key Flux decrypts with: made by hand at bootstrap, never in Git.
  external: ['secret:flux-system/sops-age'],
  secretBackends: [sops()],
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'smb', source: '//nas.lab.arpa/kubernetes', credentials: { sops: { secretName: 'smb-credentials' } } }],
    }),
    longhorn({
      backup: { target: 'cifs://nas.lab.arpa/longhorn-backups', credentials: { sops: { file: 'backup.sops.yaml' } } },
    }),
  ],
});
