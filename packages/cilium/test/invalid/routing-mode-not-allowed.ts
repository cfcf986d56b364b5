// rule: routingMode is `tunnel` or `native`
// expect: VALUE_INVALID routingMode
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `direct` is not a routing mode
  components: [cilium({ routingMode: 'direct' })],
});
