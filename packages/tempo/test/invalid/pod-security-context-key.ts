// rule: typed values only take declared keys (homelabs set a `podSecurityContext` the chart does not read)
// expect: VALUE_UNKNOWN_KEY podSecurityContext
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `podSecurityContext` is not a Tempo value
  components: [tempo({ podSecurityContext: { runAsUser: 10001 } })],
});
