// rule: credentials.existingSecret is a Kubernetes object name (DNS-1123 label)
// expect: VALUE_INVALID credentials.existingSecret
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  components: [onepasswordConnect({ credentials: { existingSecret: '1Password_Credentials' } })],
});
