// rule: a recurring backup job needs a backup target to write to
// expect: VALUE_INVALID recurringJobs[0].task
import { defineCluster } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ recurringJobs: [{ name: 'nightly', task: 'backup', cron: '0 3 * * *', retain: 7 }] })],
});
