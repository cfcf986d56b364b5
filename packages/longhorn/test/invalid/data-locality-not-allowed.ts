// rule: volumes.dataLocality is `disabled`, `best-effort` or `strict-local`
// expect: VALUE_INVALID volumes.dataLocality
import { longhorn } from '@fluxgen/longhorn';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `strict` is not a data locality mode
  components: [longhorn({ volumes: { dataLocality: 'strict' } })],
});
