// rule: the kubelet directory is an absolute path without a trailing slash
// expect: VALUE_INVALID node.kubeletDir
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [csiDriverSmb({ node: { kubeletDir: '/var/lib/kubelet/' } })],
});
