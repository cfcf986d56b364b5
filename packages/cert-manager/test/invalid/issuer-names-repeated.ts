// rule: ClusterIssuer names are unique
// expect: NAME_DUPLICATE issuers[1].name
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  components: [certManager({ issuers: [{ name: 'selfsigned', selfSigned: {} }, { name: 'selfsigned', selfSigned: {} }] })],
});
