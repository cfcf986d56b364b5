// rule: each Authentik group is mapped once (the first match would silently win)
// expect: NAME_DUPLICATE oauth.roles[1].group
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/grafana-oauth'],
  components: [
    grafana({
      rootUrl: 'https://grafana.example.com',
      oauth: {
        host: 'auth.example.com',
        slug: 'grafana',
        client: { existingSecret: 'grafana-oauth' },
        roles: [
          { group: 'admins', role: 'Admin' },
          { group: 'admins', role: 'Viewer' },
        ],
      },
    }),
  ],
});
