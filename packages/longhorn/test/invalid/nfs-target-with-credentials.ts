// rule: an NFS backup target takes no credentials
// expect: VALUE_INVALID backup.credentials
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:longhorn-system/nas-backup'],
  components: [longhorn({ backup: { target: 'nfs://nas.lan:/export/longhorn', credentials: { existingSecret: 'nas-backup' } } })],
});
