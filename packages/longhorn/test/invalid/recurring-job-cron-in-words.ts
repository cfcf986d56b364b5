// rule: a cron schedule has five fields, not words
// expect: VALUE_INVALID recurringJobs[0].cron
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ recurringJobs: [{ name: 'snap', task: 'snapshot', cron: 'at 3 am every day', retain: 3 }] })],
});
