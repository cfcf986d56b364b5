// rule: operator.pollingInterval is at least 1 second
// expect: VALUE_INVALID operator.pollingInterval
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials', 'secret:onepassword-system/onepassword-token'],
  components: [
    onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, operator: { enabled: true, pollingInterval: 0 } }),
  ],
});
