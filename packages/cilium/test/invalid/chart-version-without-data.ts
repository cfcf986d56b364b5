// rule: a pinned chart version needs its chart data (values.yaml, values.schema.json) in packages/cilium/chart/<version>/
// expect: CHART_DATA_MISSING version
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ version: '1.21.0' })],
});
