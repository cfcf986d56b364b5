// rule: a listener's certificate Secret must be produced in the cluster or declared `external`
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [
    gatewayApi({
      gateways: [
        {
          name: 'lan',
          listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.home.example.com', certificates: ['wildcard-tls'] }],
        },
      ],
    }),
  ],
});
