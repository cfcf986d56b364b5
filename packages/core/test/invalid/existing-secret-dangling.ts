// rule: a Secret named in chart values (existingSecret) is produced in the cluster or declared external
// expect: REFERENCE_DANGLING values.auth.existingSecret
import { defineCluster } from '@fluxgen/core';
import { demo } from '../fixtures/demo.js';

export default defineCluster({
  name: 'fixture',
  components: [demo({ helmValues: { auth: { existingSecret: 'demo-db-credentials' } } })],
});
