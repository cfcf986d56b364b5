// rule: a ConfigMap named in chart values (configMapKeyRef) is produced in the cluster or declared external
// expect: REFERENCE_DANGLING values.env[0].valueFrom.configMapKeyRef.name
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
  components: [demo({ helmValues: { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'demo-settings', key: 'mode' } } }] } })],
});
