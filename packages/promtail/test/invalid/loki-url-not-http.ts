// rule: lokiUrl is an http:// or https:// URL
// expect: VALUE_INVALID lokiUrl
import { defineCluster } from '@fluxgen/core';
import { promtail } from '@fluxgen/promtail';

export default defineCluster({
  name: 'fixture',
  components: [promtail({ lokiUrl: 'grpc://loki:9095' })],
});
