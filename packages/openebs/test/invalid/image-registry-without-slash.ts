// rule: the image registry ends with / (the chart concatenates registry and repository)
// expect: VALUE_INVALID imageRegistry
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ imageRegistry: 'quay.io' })],
});
