// rule: listener names are unique within a Gateway
// expect: NAME_DUPLICATE gateways[0].listeners[1].name
import { gatewayApi } from '@fluxgen/gateway-api';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ gateways: [{ name: 'internal', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }, { name: 'http', protocol: 'HTTP', port: 8080 }] }] })],
});
