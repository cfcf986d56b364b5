// rule: a route hostname fits the hostname of the listener it attaches to
// expect: VALUE_INVALID ui.route.hostnames[0]
import { gatewayApi } from '@fluxgen/gateway-api';
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/wildcard-tls'],
  components: [
    gatewayApi({ namespace: 'kube-system', gateways: [{ name: 'internal', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.home.example.com', certificates: ['wildcard-tls'] }] }] }),
    longhorn({ ui: { route: { hostnames: ['longhorn.example.org'], gateway: { name: 'internal', namespace: 'kube-system', sectionName: 'https' } } } }),
  ],
});
