// rule: without a component publishing the loki endpoint, Promtail needs lokiUrl (the chart default only resolves beside a Loki gateway)
// expect: VALUE_MISSING lokiUrl
import { defineCluster } from '@fluxgen/core';
import { promtail } from '@fluxgen/promtail';

export default defineCluster({
  name: 'fixture',
  components: [promtail()],
});
