// rule: an OCI chart is given as an oci:// URL
// expect: POLICY_INSECURE_URL chart.oci
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'An OCI chart without its scheme',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', oci: 'ghcr.io/example/charts/demo' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [demo()] });
