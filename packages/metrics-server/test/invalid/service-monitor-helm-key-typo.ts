// rule: helmValues keys exist in the pinned chart (`serviceMonitor.enable` is a typo of `enabled`)
// expect: HELM_VALUE_UNKNOWN values.serviceMonitor.enable
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [metricsServer({ helmValues: { serviceMonitor: { enable: true } } })],
});
