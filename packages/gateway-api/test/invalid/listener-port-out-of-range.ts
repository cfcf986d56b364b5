// rule: a listener port is a TCP port (1-65535)
// expect: VALUE_INVALID gateways[0].listeners[0].port
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: 80800 }] }] })],
});
