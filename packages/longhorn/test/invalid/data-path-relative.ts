// rule: the default disk path is absolute
// expect: VALUE_INVALID dataPath
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ dataPath: 'var/mnt/longhorn' })],
});
