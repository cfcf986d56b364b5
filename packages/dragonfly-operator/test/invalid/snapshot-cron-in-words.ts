// rule: a snapshot schedule is a five-field cron expression
// expect: VALUE_INVALID instances[0].snapshot.cron
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({
  name: 'fixture',
  components: [dragonflyOperator({ instances: [{ name: 'store', snapshot: { cron: 'every six hours', volume: { size: '1Gi' } } }] })],
});
