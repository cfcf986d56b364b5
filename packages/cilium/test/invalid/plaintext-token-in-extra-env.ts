// rule: no credential is written as plain text: an env entry named like a token takes valueFrom.secretKeyRef
// expect: POLICY_PLAINTEXT_SECRET values.extraEnv[0].value
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { extraEnv: [{ name: 'CLUSTERMESH_API_TOKEN', value: 'c2VjcmV0' }] } })],
});
