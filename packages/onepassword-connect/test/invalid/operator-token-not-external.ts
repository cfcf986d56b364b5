// rule: with the operator on, its token Secret (default `onepassword-token`) must be listed in `external` too
// expect: REFERENCE_DANGLING operator.token.existingSecret
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, operator: { enabled: true } })],
});
