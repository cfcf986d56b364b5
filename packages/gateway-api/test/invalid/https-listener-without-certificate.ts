// rule: an HTTPS listener terminates TLS, so it needs at least one certificate Secret
// expect: VALUE_MISSING gateways[0].listeners[0].certificates
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ gateways: [{ name: 'lan', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443 }] }] })],
});
