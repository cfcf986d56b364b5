// rule: an existing Secret with the S3 keys must be listed in the cluster's `external`
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({
  name: 'fixture',
  components: [loki({ storage: { volume: { size: '10Gi' }, s3: { endpoint: 'minio.lan', bucket: 'loki', credentials: { existingSecret: 'loki-s3' } } } })],
});
