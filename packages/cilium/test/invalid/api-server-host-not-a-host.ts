// rule: apiServer.host is a hostname or an IP address
// expect: VALUE_INVALID apiServer.host
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ kubeProxyReplacement: true, apiServer: { host: 'https://10.0.0.1', port: 6443 } })],
});
