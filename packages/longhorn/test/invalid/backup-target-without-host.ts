// rule: a backup target URL names its server
// expect: VALUE_INVALID backup.target
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ backup: { target: 'nfs://' } })],
});
