// rule: the Talos log port is a TCP port (1-65535)
// expect: VALUE_INVALID talos.port
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'http://loki:3100', platform: 'talos', nodeLogs: true, talos: { port: 70000 } }),
  ],
});
