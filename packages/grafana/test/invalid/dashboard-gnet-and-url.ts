// rule: a dashboard comes from grafana.com (gnetId) or from a URL, not both
// expect: VALUE_INVALID dashboards.providers[0].dashboards[0]
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  components: [
    grafana({
      dashboards: { providers: [{ name: 'community', dashboards: [{ name: 'nodes', gnetId: 1860, revision: 37, url: 'https://example.com/nodes.json' }] }] },
    }),
  ],
});
