// rule: `windows` is a boolean
// expect: VALUE_INVALID windows
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `windows` takes true or false, not a string
  components: [csiDriverSmb({ windows: 'false' })],
});
