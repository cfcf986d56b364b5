// rule: a `shared` StorageClass mounts the share itself, so it takes no `subDir`
// expect: VALUE_INVALID storageClasses[0].subDir
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  external: ['secret:kube-system/smbcreds'],
  components: [
    csiDriverSmb({
      storageClasses: [{ name: 'media', source: '//nas/media', credentials: { existingSecret: 'smbcreds' }, shared: true, subDir: 'movies' }],
    }),
  ],
});
