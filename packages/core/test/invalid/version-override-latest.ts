// rule: a cluster's chart version override is exact: `latest` changes what runs without a commit
// expect: POLICY_VERSION_NOT_PINNED version
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A pinned chart',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', oci: 'oci://ghcr.io/example/charts/demo' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo({ version: 'latest' })] });
