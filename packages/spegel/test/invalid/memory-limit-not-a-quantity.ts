// rule: the memory limit is a Kubernetes quantity like 512Mi
// expect: VALUE_INVALID memoryLimit
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ memoryLimit: '512MB' })],
});
