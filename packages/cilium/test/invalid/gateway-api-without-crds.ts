// rule: Gateway API support needs the Gateway API CRDs from a component or `external`
// expect: DEPENDENCY_UNMET -
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ gatewayAPI: true })],
});
