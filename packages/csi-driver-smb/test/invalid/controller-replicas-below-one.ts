// rule: controller.replicas is at least 1
// expect: VALUE_INVALID controller.replicas
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [csiDriverSmb({ controller: { replicas: 0 } })],
});
