// rule: a typed list has no empty slot either: it is reported as one, not as a missing value
// expect: VALUE_INVALID kubelet.preferredAddressTypes[1]
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error a typed list takes no empty slot (TypeScript says so too)
  components: [metricsServer({ kubelet: { preferredAddressTypes: ['InternalIP', , 'Hostname'] } })],
});
