// rule: typed values only take declared keys; `hubble.realy` is a typo of `hubble.relay`
// expect: VALUE_UNKNOWN_KEY hubble.realy
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `realy` is not a Hubble field
  components: [cilium({ hubble: { realy: true } })],
});
