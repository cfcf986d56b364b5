// rule: kubelet address types are the node address types Kubernetes knows
// expect: VALUE_INVALID kubelet.preferredAddressTypes[0]
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `InternalIp` is not an address type
  components: [metricsServer({ kubelet: { preferredAddressTypes: ['InternalIp'] } })],
});
