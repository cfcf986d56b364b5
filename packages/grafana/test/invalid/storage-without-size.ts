// rule: a volume has a size
// expect: VALUE_MISSING storage.size
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['storage-class:longhorn'],
  // @ts-expect-error: size is required
  components: [grafana({ storage: { storageClass: 'longhorn' } })],
});
