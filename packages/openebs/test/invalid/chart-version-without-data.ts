// rule: a chart version needs its vendored values (4.3+ adds the loki, alloy and minio switches)
// expect: CHART_DATA_MISSING version
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ version: '4.5.1' })],
});
