// rule: typed values only take declared keys; `operator.enable` is a typo of `operator.enabled`
// expect: VALUE_UNKNOWN_KEY operator.enable
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  // @ts-expect-error `enable` is not an operator field
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, operator: { enable: true } })],
});
