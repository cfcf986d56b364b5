// rule: without a component publishing the loki endpoint, Alloy needs lokiUrl
// expect: VALUE_MISSING lokiUrl
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy(),
  ],
});
