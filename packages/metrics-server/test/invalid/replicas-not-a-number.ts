// rule: on a chart without a schema, a value keeps the type of its values.yaml default (`replicas: 1`)
// expect: HELM_VALUE_INVALID values.replicas
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { replicas: 'two' } })],
});
