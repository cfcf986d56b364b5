// rule: a recurring job's cron is a five-field cron expression
// expect: VALUE_INVALID recurringJobs[0].cron
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ recurringJobs: [{ name: 'snapshot-daily', task: 'snapshot', cron: '0 3 * *', retain: 7 }] })],
});
