// rule: an OCI chart is given as an oci:// URL
// expect: POLICY_INSECURE_URL chart.oci
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  chart: { name: 'demo', version: '1.0.0', oci: 'ghcr.io/example/charts/demo' },
});

export default defineCluster({ name: 'fixture', components: [demo()] });
