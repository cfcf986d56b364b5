// rule: a Git tag override has the shape of the pinned tag (`1.6.1` names no release; the tags are `v1.6.1`)
// expect: CHART_VERSION_UNKNOWN version
import { defineCluster } from '@fluxgen/core';
import { gatewayApi } from '@fluxgen/gateway-api';

export default defineCluster({
  name: 'fixture',
  components: [gatewayApi({ version: '1.6.1' })],
});
