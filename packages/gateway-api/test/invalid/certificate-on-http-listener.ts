// rule: only HTTPS listeners take certificates (the CRD rejects tls on HTTP listeners)
// expect: VALUE_INVALID gateways[0].listeners[0].certificates
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/home-tls'],
  components: [
    gatewayApi({ gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, certificates: ['home-tls'] }] }] }),
  ],
});
