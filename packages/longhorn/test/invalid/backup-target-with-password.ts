// rule: a URL with a password in its user part is a secret by its value (it would also reach the README)
// expect: POLICY_PLAINTEXT_SECRET values.defaultBackupStore.backupTarget
import { defineCluster } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

export default defineCluster({
  name: 'fixture',
  external: ['secret:longhorn-system/longhorn-backup'],
  components: [longhorn({ backup: { target: 'cifs://backup:hunter2@nas.home.arpa/longhorn-backups', credentials: { existingSecret: 'longhorn-backup' } } })],
});
