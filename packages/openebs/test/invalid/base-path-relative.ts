// rule: the hostpath base directory is an absolute path
// expect: VALUE_INVALID hostpath.basePath
import { defineCluster } from '@fluxgen/core';
import { openebs } from '@fluxgen/openebs';

export default defineCluster({
  name: 'fixture',
  components: [openebs({ hostpath: { basePath: 'var/openebs/local' } })],
});
