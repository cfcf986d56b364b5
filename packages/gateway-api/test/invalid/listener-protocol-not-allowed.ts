// rule: a listener's protocol is HTTP, HTTPS or TLS
// expect: VALUE_INVALID gateways[0].listeners[0].protocol
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      // @ts-expect-error `HTTP3` is not a listener protocol
      gateways: [{ name: 'lan', listeners: [{ name: 'web', protocol: 'HTTP3', port: 443 }] }],
    }),
  ],
});
