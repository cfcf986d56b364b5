// rule: a listener hostname has at most one leading wildcard label
// expect: VALUE_INVALID gateways[0].listeners[0].hostname
import { gatewayApi } from '@fluxgen/gateway-api';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ gateways: [{ name: 'internal', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, hostname: '*.*.example.com' }] }] })],
});
