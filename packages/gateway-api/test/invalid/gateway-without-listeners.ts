// rule: a Gateway needs its listeners
// expect: VALUE_MISSING gateways[0].listeners
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      // @ts-expect-error `listeners` is required
      gateways: [{ name: 'lan', addresses: ['192.168.1.220'] }],
    }),
  ],
});
