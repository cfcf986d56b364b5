// rule: the credentials Secret is made by hand, so the cluster must list it in `external`
// expect: REFERENCE_DANGLING credentials.existingSecret
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' } })],
});
