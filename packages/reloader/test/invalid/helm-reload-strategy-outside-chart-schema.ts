// rule: helmValues pass the chart's own values.schema.json
// expect: HELM_VALUE_INVALID values.reloader.reloadStrategy
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ helmValues: { reloader: { reloadStrategy: 'restart' } } })],
});
