// rule: chart keys are checked against the keys allowed at their level (`l2podannouncements` is `l2podAnnouncements`)
// expect: HELM_VALUE_UNKNOWN values.l2podannouncements
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { l2podannouncements: { enabled: true, interface: 'eth0' } } })],
});
