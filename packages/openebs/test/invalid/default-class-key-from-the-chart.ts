// rule: the typed value is defaultClass, not the chart's isDefaultClass
// expect: VALUE_UNKNOWN_KEY hostpath.isDefaultClass
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ hostpath: { isDefaultClass: true } as never })],
});
