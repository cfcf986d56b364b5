// rule: chart values are checked against the chart: the engine switch is enabled, not enable
// expect: HELM_VALUE_UNKNOWN values.engines.replicated.mayastor.enable
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ helmValues: { engines: { replicated: { mayastor: { enable: false } } } } })],
});
