// rule: placement is control-plane or any
// expect: VALUE_INVALID placement
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `workers` is not a placement
  components: [coredns({ clusterIP: '10.96.0.10', placement: 'workers' })],
});
