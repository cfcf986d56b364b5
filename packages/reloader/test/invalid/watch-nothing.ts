// rule: Reloader must watch ConfigMaps or Secrets
// expect: VALUE_INVALID watch
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ watch: { configMaps: false, secrets: false } })],
});
