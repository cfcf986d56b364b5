// rule: an extra datasource's URL is http(s), queried by the Grafana server
// expect: VALUE_INVALID datasources.extra[0].url
import { defineCluster } from '@fluxgen/core';
import { grafana } from '@fluxgen/grafana';

export default defineCluster({
  name: 'fixture',
  components: [grafana({ datasources: { extra: [{ name: 'Postgres', type: 'grafana-postgresql-datasource', url: 'postgres://db:5432' }] } })],
});
