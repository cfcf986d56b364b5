// rule: a group maps to one of Grafana's roles (GrafanaAdmin, Admin, Editor, Viewer)
// expect: VALUE_INVALID oauth.roles[0].role
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/grafana-oauth'],
  components: [
    grafana({
      rootUrl: 'https://grafana.example.com',
      // @ts-expect-error: "Owner" is not a Grafana role
      oauth: { host: 'auth.example.com', slug: 'grafana', client: { existingSecret: 'grafana-oauth' }, roles: [{ group: 'admins', role: 'Owner' }] },
    }),
  ],
});
