// rule: chart keys are checked where the chart reads them: the sidecar's namespaces are `sidecar.dashboards.searchNamespace`
// expect: HELM_VALUE_UNKNOWN values.sidecar.dashboards.searchNamespaces
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  components: [grafana({ helmValues: { sidecar: { dashboards: { searchNamespaces: 'monitoring' } } } })],
});
