// rule: simple-scalable mode needs the gateway, so that clients have one URL for push and query
// expect: VALUE_MISSING gateway
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/loki-s3'],
  components: [loki({ mode: 'simple-scalable', storage: { volume: { size: '10Gi' }, s3: { endpoint: 'minio.lan', bucket: 'loki', credentials: { existingSecret: 'loki-s3' } } } })],
});
