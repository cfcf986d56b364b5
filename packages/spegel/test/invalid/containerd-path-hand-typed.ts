// rule: typed values only take declared keys; containerd paths come from `platform`, not a hand-typed path
// expect: VALUE_UNKNOWN_KEY registryConfigPath
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error the paths are picked by `platform`
  components: [spegel({ registryConfigPath: '/etc/cri/conf.d/hosts' })],
});
