// rule: traces: true needs the otlp-grpc endpoint of a component, or otlpEndpoint
// expect: VALUE_MISSING otlpEndpoint
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'http://loki:3100', traces: true }),
  ],
});
