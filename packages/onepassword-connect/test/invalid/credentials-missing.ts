// rule: the Connect credentials Secret must be named; Connect cannot start without it
// expect: VALUE_MISSING credentials
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `credentials` is required
  components: [onepasswordConnect({ replicas: 1 })],
});
