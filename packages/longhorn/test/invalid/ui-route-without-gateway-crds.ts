// rule: the UI's HTTPRoute needs the Gateway API CRDs from a component or `external`
// expect: DEPENDENCY_UNMET -
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['gateway:kube-system/internal'],
  components: [
    longhorn({ ui: { route: { hostnames: ['longhorn.home.example.com'], gateway: { name: 'internal', namespace: 'kube-system' } } } }),
  ],
});
