// rule: release takes the fields of the HelmRelease v2 spec, post-renderers included (`patchez` is a typo of `patches`)
// expect: VALUE_UNKNOWN_KEY release.postRenderers[0].kustomize.patchez
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    cilium({
      release: {
        // @ts-expect-error `patchez` is not a field of Flux's kustomize post-renderer
        postRenderers: [{ kustomize: { patchez: [{ target: { kind: 'DaemonSet', name: 'cilium' }, patch: '[]' }] } }],
      },
    }),
  ],
});
