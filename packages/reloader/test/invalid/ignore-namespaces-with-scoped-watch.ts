// rule: ignored namespaces only apply when every namespace is watched
// expect: VALUE_INVALID ignoreNamespaces
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ namespaces: ['media'], ignoreNamespaces: ['kube-system'] })],
});
