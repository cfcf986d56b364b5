// rule: a cluster's chart version override is exact: `latest` changes what runs without a commit
// expect: POLICY_VERSION_NOT_PINNED version
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  chart: { name: 'demo', version: '1.0.0', oci: 'oci://ghcr.io/example/charts/demo' },
});

export default defineCluster({ name: 'fixture', components: [demo({ version: 'latest' })] });
