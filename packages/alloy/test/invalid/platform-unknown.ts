// rule: platform is generic or talos
// expect: VALUE_INVALID platform
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    // @ts-expect-error: not a platform
    alloy({ lokiUrl: 'http://loki:3100', platform: 'flatcar' }),
  ],
});
