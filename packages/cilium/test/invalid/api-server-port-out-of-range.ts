// rule: apiServer.port is a TCP port (1-65535)
// expect: VALUE_INVALID apiServer.port
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ kubeProxyReplacement: true, apiServer: { host: '127.0.0.1', port: 74450 } })],
});
