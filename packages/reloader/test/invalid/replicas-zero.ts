// rule: at least one replica
// expect: VALUE_INVALID replicas
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ replicas: 0 })],
});
