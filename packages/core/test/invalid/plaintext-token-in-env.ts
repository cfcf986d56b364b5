// rule: no credential is written as plain text: an env entry named like a token takes valueFrom.secretKeyRef
// expect: POLICY_PLAINTEXT_SECRET values.env[0].value
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
  components: [demo({ helmValues: { env: [{ name: 'CF_API_TOKEN', value: 'e1b2c3d4' }] } })],
});
