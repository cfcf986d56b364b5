// rule: helmValues keys exist in the pinned chart (appendMirrors was renamed prependExisting)
// expect: HELM_VALUE_UNKNOWN values.spegel.appendMirrors
import { defineCluster } from '@fluxgen/core';
import { spegel } from '@fluxgen/spegel';

export default defineCluster({
  name: 'fixture',
  components: [spegel({ helmValues: { spegel: { appendMirrors: true } } })],
});
