// rule: RecurringJob names are unique
// expect: NAME_DUPLICATE recurringJobs[1].name
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ recurringJobs: [{ name: 'snap', task: 'snapshot', cron: '0 1 * * *', retain: 3 }, { name: 'snap', task: 'snapshot', cron: '0 2 * * *', retain: 3 }] })],
});
