// rule: no credential is written as plain text in chart values: a password is a Secret reference
// expect: POLICY_PLAINTEXT_SECRET values.auth.password
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A demo chart',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({
  name: 'fixture',
  components: [demo({ helmValues: { auth: { username: 'admin', password: 'hunter2' } } })],
});
