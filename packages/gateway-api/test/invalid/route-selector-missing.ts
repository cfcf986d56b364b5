// rule: `allowedRoutes.from: Selector` needs the labels namespaces must carry
// expect: VALUE_MISSING gateways[0].listeners[0].allowedRoutes.selector
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Selector' } }] }],
    }),
  ],
});
