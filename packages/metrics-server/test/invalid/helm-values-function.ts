// rule: a value in a cluster file is data, not a function that was meant to be called
// expect: VALUE_INVALID helmValues.podLabels.team
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

const team = () => 'platform';
export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { podLabels: { team } } })],
});
