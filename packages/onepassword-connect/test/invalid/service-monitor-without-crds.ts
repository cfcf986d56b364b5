// rule: the ServiceMonitor needs the Prometheus Operator CRDs from a component or `external`
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, serviceMonitor: true })],
});
