// rule: a key under its old parent is refused with where the chart reads it now (`defaultSettings.backupTarget` → `defaultBackupStore.backupTarget`)
// expect: HELM_VALUE_UNKNOWN values.defaultSettings.backupTarget
import { defineCluster } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ helmValues: { defaultSettings: { backupTarget: 'nfs://nas.home.arpa:/backups' } } })],
});
