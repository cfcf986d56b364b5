// rule: typed values only take declared keys; `hostame` is a typo of `hostname`
// expect: VALUE_UNKNOWN_KEY gateways[0].listeners[0].hostame
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      // @ts-expect-error `hostame` is not a listener field
      gateways: [{ name: 'lan', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, hostame: 'home.example.com' }] }],
    }),
  ],
});
