// rule: httpPort is a TCP port (1-65535)
// expect: VALUE_INVALID httpPort
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, httpPort: 80800 })],
});
