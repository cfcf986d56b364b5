// rule: the node journal is nodeLogs (with platform), not a path or a journal key
// expect: VALUE_UNKNOWN_KEY journal
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    // @ts-expect-error: not a value of alloy
    alloy({ lokiUrl: 'http://loki:3100', journal: { path: '/var/log/journal' } }),
  ],
});
