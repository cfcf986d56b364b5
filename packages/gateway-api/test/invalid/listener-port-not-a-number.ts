// rule: a listener port is an integer, not a string
// expect: VALUE_INVALID gateways[0].listeners[0].port
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      // @ts-expect-error the port is a number
      gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: '80' }] }],
    }),
  ],
});
