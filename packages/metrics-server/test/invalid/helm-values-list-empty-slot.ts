// rule: a list in a cluster file has no empty slot (`[, x]`: two commas in a row), which no YAML can hold
// expect: VALUE_INVALID helmValues.tolerations[0]
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // eslint-disable-next-line no-sparse-arrays
  components: [metricsServer({ helmValues: { tolerations: [, { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } })],
});
