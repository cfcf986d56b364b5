// rule: strict roles without any group mapping would refuse every login
// expect: VALUE_MISSING oauth.roles
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/grafana-oauth'],
  components: [
    grafana({
      rootUrl: 'https://grafana.example.com',
      oauth: { host: 'auth.example.com', slug: 'grafana', client: { existingSecret: 'grafana-oauth' }, strictRoles: true },
    }),
  ],
});
