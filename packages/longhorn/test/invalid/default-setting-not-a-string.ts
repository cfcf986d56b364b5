// rule: Longhorn's templates fail on a defaultSettings value that is not a string (declared by the component; values.yaml leaves it `~`)
// expect: HELM_VALUE_INVALID values.defaultSettings.storageMinimalAvailablePercentage
import { defineCluster } from '@fluxgen/core';
import { longhorn } from '@fluxgen/longhorn';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ helmValues: { defaultSettings: { storageMinimalAvailablePercentage: 15 } } })],
});
