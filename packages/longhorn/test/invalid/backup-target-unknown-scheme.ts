// rule: the backup target is a cifs://, nfs:// or s3:// URL (`smb://` is not one Longhorn knows)
// expect: VALUE_INVALID backup.target
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    longhorn({
      backup: { target: 'smb://nas.lan/backups', credentials: { onePassword: { item: 'vaults/homelab/items/longhorn-backup' } } },
    }),
  ],
});
