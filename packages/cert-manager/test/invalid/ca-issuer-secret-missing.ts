// rule: a CA issuer's Secret is made by one of the component's Certificates, or listed as `secret:<namespace>/<name>` in `external`
// expect: REFERENCE_DANGLING -
import { defineCluster } from '@fluxgen/core';
import { certManager } from '@fluxgen/cert-manager';

export default defineCluster({
  name: 'fixture',
  components: [certManager({ issuers: [{ name: 'homelab-ca', ca: { secretName: 'homelab-ca' } }] })],
});
