// rule: a mirrored registry is a URL with its scheme, like https://docker.io
// expect: VALUE_INVALID mirroredRegistries[0]
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ mirroredRegistries: ['docker.io'] })],
});
