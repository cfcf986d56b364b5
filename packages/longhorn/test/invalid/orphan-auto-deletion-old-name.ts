// rule: renamed keys are refused with the new name as the hint (`orphanAutoDeletion` → `orphanResourceAutoDeletion`)
// expect: HELM_VALUE_UNKNOWN values.defaultSettings.orphanAutoDeletion
import { defineCluster } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ helmValues: { defaultSettings: { orphanAutoDeletion: 'true' } } })],
});
