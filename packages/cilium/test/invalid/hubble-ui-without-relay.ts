// rule: the Hubble UI needs Hubble Relay
// expect: VALUE_MISSING hubble.relay
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ hubble: { ui: true } })],
});
