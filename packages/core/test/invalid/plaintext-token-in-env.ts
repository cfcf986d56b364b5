// rule: no credential is written as plain text: an env entry named like a token takes valueFrom.secretKeyRef
// expect: POLICY_PLAINTEXT_SECRET values.env[0].value
import { defineCluster } from '@fluxgen/core';
import { demo } from '../fixtures/demo.js';

export default defineCluster({
  name: 'fixture',
  components: [demo({ helmValues: { env: [{ name: 'CF_API_TOKEN', value: 'e1b2c3d4' }] } })],
});
