// rule: the HelmRelease matches Flux's strict schema, post-renderers included (`patchez` is a typo of `patches`)
// expect: OBJECT_INVALID cilium/app/helmrelease.yaml:spec.postRenderers[0].kustomize.patchez
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';

export default defineCluster({
  name: 'fixture',
  components: [
    cilium({
      release: {
        postRenderers: [{ kustomize: { patchez: [{ target: { kind: 'DaemonSet', name: 'cilium' }, patch: '[]' }] } }],
      },
    }),
  ],
});
