// rule: every entry of components is a component call, not a string naming one
// expect: CLUSTER_INVALID components[0]
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error a name is not a component
  components: ['metrics-server'],
});
