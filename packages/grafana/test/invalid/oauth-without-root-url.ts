// rule: Authentik redirects back to <root URL>/login/generic_oauth, so OAuth needs a route or a rootUrl
// expect: VALUE_MISSING rootUrl
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/grafana-oauth'],
  components: [grafana({ oauth: { host: 'auth.example.com', slug: 'grafana', client: { existingSecret: 'grafana-oauth' } } })],
});
