// rule: a pinned previous version is checked against its own contract (cilium 1.19.6 reads `cgroup.autoMount`)
// expect: HELM_VALUE_UNKNOWN values.cgroup.automount
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ version: '1.19.6', helmValues: { cgroup: { automount: { enabled: false } } } })],
});
