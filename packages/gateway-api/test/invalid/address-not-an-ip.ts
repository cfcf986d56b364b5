// rule: a Gateway's static addresses are IP addresses
// expect: VALUE_INVALID gateways[0].addresses[0]
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({ gateways: [{ name: 'lan', addresses: ['192.168.1.300'], listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] }] }),
  ],
});
