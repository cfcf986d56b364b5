// rule: replicas is an integer, not a string
// expect: VALUE_INVALID replicas
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  // @ts-expect-error `replicas` is a number
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, replicas: '2' })],
});
