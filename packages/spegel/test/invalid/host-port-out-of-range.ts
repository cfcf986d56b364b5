// rule: the host port is a TCP port (1-65535)
// expect: VALUE_INVALID hostPort
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ hostPort: 70000 })],
});
