// rule: a Gateway address is an IP address
// expect: VALUE_INVALID gateways[0].addresses[0]
import { gatewayApi } from '@fluxgen/gateway-api';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ gateways: [{ name: 'internal', addresses: ['192.168.1.300'], listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] }] })],
});
