// rule: lokiUrl is an http:// or https:// URL
// expect: VALUE_INVALID lokiUrl
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'loki.monitoring.svc.cluster.local:3100' }),
  ],
});
