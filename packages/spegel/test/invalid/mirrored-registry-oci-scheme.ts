// rule: mirrored registries are reached over https or http
// expect: VALUE_INVALID mirroredRegistries[1]
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ mirroredRegistries: ['https://ghcr.io', 'oci://quay.io'] })],
});
