// rule: helmValues keys exist in the pinned chart, at every depth (`hubble.ui.replica` is a typo of `replicas`)
// expect: HELM_VALUE_UNKNOWN values.hubble.ui.replica
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ hubble: { relay: true, ui: true }, helmValues: { hubble: { ui: { replica: 2 } } } })],
});
