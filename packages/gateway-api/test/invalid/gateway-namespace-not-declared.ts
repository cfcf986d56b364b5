// rule: Gateways outside kube-system need a namespace another component declares (or `external`)
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ namespace: 'network', gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] }] })],
});
