// rule: helmValues keys exist in the pinned chart; real repos set `cgroup.automount`, which the chart silently ignores (it reads `cgroup.autoMount`)
// expect: HELM_VALUE_UNKNOWN values.cgroup.automount
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { cgroup: { automount: { enabled: false }, hostRoot: '/sys/fs/cgroup' } } })],
});
