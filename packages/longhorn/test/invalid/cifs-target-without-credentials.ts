// rule: a CIFS (or S3) backup target needs credentials (CIFS_USERNAME, CIFS_PASSWORD)
// expect: VALUE_MISSING backup.credentials
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [longhorn({ backup: { target: 'cifs://nas.lan/backups' } })],
});
