// rule: a strict-local volume has exactly one replica (Longhorn rejects the volume otherwise)
// expect: VALUE_INVALID volumes.replicas
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ volumes: { dataLocality: 'strict-local', replicas: 3 } })],
});
