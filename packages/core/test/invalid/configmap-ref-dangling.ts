// rule: a ConfigMap named in chart values (configMapKeyRef) is produced in the cluster or declared external
// expect: REFERENCE_DANGLING values.env[0].valueFrom.configMapKeyRef.name
import { defineCluster } from '@fluxgen/core';
import { demo } from '../fixtures/demo.js';

export default defineCluster({
  name: 'fixture',
  components: [demo({ helmValues: { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'demo-settings', key: 'mode' } } }] } })],
});
