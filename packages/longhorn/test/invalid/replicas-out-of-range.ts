// rule: volumes.replicas is 1 to 20, the range Longhorn accepts for a volume
// expect: VALUE_INVALID volumes.replicas
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ volumes: { replicas: 21 } })],
});
