// rule: HelmRelease overrides only take declared keys (`intervall` is a typo of `interval`)
// expect: VALUE_UNKNOWN_KEY release.intervall
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'fixture',
  // @ts-expect-error `intervall` is not a release field
  components: [metricsServer({ release: { intervall: '30m' } })],
});
