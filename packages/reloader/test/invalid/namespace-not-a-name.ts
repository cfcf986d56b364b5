// rule: watched namespaces are DNS labels
// expect: VALUE_INVALID namespaces[0]
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ namespaces: ['Media'] })],
});
