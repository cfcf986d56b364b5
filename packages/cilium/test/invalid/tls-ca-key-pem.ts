// rule: a PEM private key is a secret by its value, under any key (`tls.ca.key`)
// expect: POLICY_PLAINTEXT_SECRET values.tls.ca.key
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

const pem = ['-----BEGIN', 'EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE', 'KEY-----'].join(' ');

export default defineCluster({
  name: 'fixture',
  components: [cilium({ helmValues: { tls: { ca: { cert: '', key: pem } } } })],
});
