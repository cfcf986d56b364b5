// rule: helmValues keys exist in the pinned chart (the chart spells readOnlyRootFileSystem with a capital S)
// expect: HELM_VALUE_UNKNOWN values.reloader.readOnlyRootFilesystem
import { defineCluster } from '@fluxgen/core';
import { reloader } from '@fluxgen/reloader';

export default defineCluster({
  name: 'fixture',
  components: [reloader({ helmValues: { reloader: { readOnlyRootFilesystem: true } } })],
});
