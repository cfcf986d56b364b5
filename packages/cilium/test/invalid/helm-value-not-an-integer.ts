// rule: helmValues match the types of the chart's values.schema.json (operator.replicas is an integer)
// expect: HELM_VALUE_INVALID values.operator.replicas
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { operator: { replicas: 'two' } } })],
});
