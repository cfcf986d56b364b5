// rule: the reload strategy is default, env-vars or annotations (the chart schema refuses anything else)
// expect: VALUE_INVALID reloadStrategy
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `rolling` is not a reload strategy
  components: [reloader({ reloadStrategy: 'rolling' })],
});
