// rule: kube-proxy replacement needs the API server address
// expect: VALUE_MISSING apiServer
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ kubeProxyReplacement: true })],
});
