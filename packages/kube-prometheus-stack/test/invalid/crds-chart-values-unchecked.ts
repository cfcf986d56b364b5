// rule: chart values are only set where fluxgen can check them against the chart's own values
// expect: CHART_DATA_MISSING values.crds
import { defineCluster } from '@fluxgen/core';
import { prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  components: [prometheusOperatorCrds({ helmValues: { crds: { annotations: { team: 'platform' } } } })],
});
