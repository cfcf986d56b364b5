// rule: the remote-write URL derived from the cluster's Prometheus cannot be set otherwise through helmValues
// expect: STACK_CONFLICT helmValues.tempo.metricsGenerator.remoteWriteUrl
import { defineCluster, defineComponent, Type } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

const prometheus = defineComponent({
  name: 'prometheus',
  title: 'Prometheus',
  summary: 'Publishes the prometheus endpoint',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'prometheus', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  facts: () => [{ kind: 'endpoint', name: 'prometheus', url: 'http://prometheus-operated.monitoring.svc.cluster.local:9090' }],
});

export default defineCluster({
  name: 'fixture',
  components: [prometheus(), tempo({ helmValues: { tempo: { metricsGenerator: { remoteWriteUrl: 'http://elsewhere:9090/api/v1/write' } } } })],
});
