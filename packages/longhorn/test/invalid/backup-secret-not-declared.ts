// rule: an existing Secret for the backup credentials must be listed in the cluster's `external`
// expect: REFERENCE_DANGLING -
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ backup: { target: 'cifs://nas.lan/backups', credentials: { existingSecret: 'nas-backup' } } })],
});
