// rule: a recurring job needs a schedule
// expect: VALUE_MISSING recurringJobs[0].cron
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    longhorn({
      // @ts-expect-error `cron` is required
      recurringJobs: [{ name: 'snapshot-hourly', task: 'snapshot', retain: 24 }],
    }),
  ],
});
