// rule: a cron schedule's hour is 0-23
// expect: VALUE_INVALID recurringJobs[0].cron
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ recurringJobs: [{ name: 'snap', task: 'snapshot', cron: '0 25 * * *', retain: 3 }] })],
});
