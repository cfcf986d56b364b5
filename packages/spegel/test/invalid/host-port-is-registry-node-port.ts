// rule: the host port may not be the registry Service's NodePort, which every node already listens on
// expect: VALUE_INVALID hostPort
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ hostPort: 30021 })],
});
