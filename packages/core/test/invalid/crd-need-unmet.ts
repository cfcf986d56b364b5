// rule: a component that needs CRDs comes after a component that installs them, or they are `external`
// expect: DEPENDENCY_UNMET -
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const monitored = defineComponent({
  name: 'monitored',
  title: 'Monitored',
  summary: 'Emits a ServiceMonitor',
  category: 'observability',
  namespace: 'demo',
  chart: { name: 'monitored', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['monitoring.coreos.com'] }),
});

export default defineCluster({ name: 'fixture', components: [monitored()] });
