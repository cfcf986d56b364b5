// rule: otlpEndpoint.host is a host name or an IP address
// expect: VALUE_INVALID otlpEndpoint.host
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'http://loki:3100', otlpEndpoint: { host: 'http://tempo:4317' } }),
  ],
});
