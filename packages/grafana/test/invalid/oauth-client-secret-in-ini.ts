// rule: no credential in chart values: the OAuth client secret comes from oauth.client, never from grafana.ini
// expect: POLICY_PLAINTEXT_SECRET values["grafana.ini"]["auth.generic_oauth"].client_secret
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  components: [grafana({ helmValues: { 'grafana.ini': { 'auth.generic_oauth': { client_secret: 'b3J3q8mZp2Lx9TnVf6KcR1sY4hWd7GaE' } } } })],
});
