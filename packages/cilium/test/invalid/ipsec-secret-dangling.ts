// rule: a Secret named in chart values (encryption.ipsec.secretName) is produced in the cluster or declared external
// expect: REFERENCE_DANGLING values.encryption.ipsec.secretName
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { encryption: { enabled: true, type: 'ipsec', ipsec: { secretName: 'cilium-ipsec-keys' } } } })],
});
