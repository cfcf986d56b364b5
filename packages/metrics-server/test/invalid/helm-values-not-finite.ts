// rule: a number in a cluster file is finite: NaN (a failed computation) is not written as `.nan`
// expect: VALUE_INVALID helmValues.resources.requests.cpu
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

const cores = Number('two');
export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { resources: { requests: { cpu: cores / 10 } } } })],
});
