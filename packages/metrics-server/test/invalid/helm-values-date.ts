// rule: a value in a cluster file is plain data: a Date is not written as `{}` but reported
// expect: VALUE_INVALID helmValues.podAnnotations.deployed-at
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  components: [metricsServer({ helmValues: { podAnnotations: { 'deployed-at': new Date(Date.UTC(2026, 11, 2)) } } })],
});
