// rule: Alloy collects something: a log source, or traces to a trace store
// expect: VALUE_INVALID podLogs
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'http://loki:3100', podLogs: false, events: false }),
  ],
});
