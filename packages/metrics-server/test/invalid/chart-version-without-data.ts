// rule: a pinned chart version needs its chart data (values.yaml) in packages/metrics-server/chart/<version>/
// expect: CHART_DATA_MISSING version
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ version: '3.14.0' })],
});
