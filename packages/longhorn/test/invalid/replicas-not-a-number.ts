// rule: volumes.replicas is an integer, not a string (fluxgen writes the strings the chart wants)
// expect: VALUE_INVALID volumes.replicas
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error replicas is a number
  components: [longhorn({ volumes: { replicas: '3' } })],
});
