// rule: the platform is one whose containerd paths are known (talos, k3s, containerd)
// expect: VALUE_INVALID platform
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `flatcar` is not a known platform
  components: [spegel({ platform: 'flatcar' })],
});
