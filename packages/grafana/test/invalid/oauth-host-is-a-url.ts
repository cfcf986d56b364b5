// rule: oauth.host is Authentik's hostname; the endpoint URLs are derived from it
// expect: VALUE_INVALID oauth.host
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/grafana-oauth'],
  components: [
    grafana({
      rootUrl: 'https://grafana.example.com',
      oauth: { host: 'https://auth.example.com/application/o/authorize/', slug: 'grafana', client: { existingSecret: 'grafana-oauth' } },
    }),
  ],
});
