// rule: a watched namespace is listed once
// expect: VALUE_INVALID namespaces
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ namespaces: ['media', 'media'] })],
});
