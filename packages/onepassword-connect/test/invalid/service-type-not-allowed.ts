// rule: serviceType is `ClusterIP`, `NodePort` or `LoadBalancer` (case matters; `Nodeport` suggests `NodePort`)
// expect: VALUE_INVALID serviceType
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  // @ts-expect-error `Nodeport` is not a Service type
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, serviceType: 'Nodeport' })],
});
