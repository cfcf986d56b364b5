// rule: no credential is written as plain text in chart values: a password is a Secret reference
// expect: POLICY_PLAINTEXT_SECRET values.auth.password
import { defineCluster } from '@fluxgen/core';
import { demo } from '../fixtures/demo.js';

export default defineCluster({
  name: 'fixture',
  components: [demo({ helmValues: { auth: { username: 'admin', password: 'hunter2' } } })],
});
