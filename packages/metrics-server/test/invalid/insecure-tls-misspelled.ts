// rule: unknown keys are rejected with the nearest real key (`insecureTLS`)
// expect: VALUE_UNKNOWN_KEY kubelet.insecureTls
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `insecureTls` is spelled `insecureTLS`
  components: [metricsServer({ kubelet: { insecureTls: true } })],
});
