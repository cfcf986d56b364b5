// rule: Flux objects use the API versions Flux v2.9 serves (v1beta2 sources were removed)
// expect: OBJECT_INVALID demo/app/helmrepository.yaml:apiVersion
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  chart: { name: 'demo', version: '1.0.0', oci: 'oci://ghcr.io/example/charts/demo' },
  objects: (_v, ctx) => [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
      kind: 'HelmRepository',
      metadata: { name: 'extras', namespace: ctx.namespace },
      spec: { interval: '1h', url: 'https://charts.example.com' },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
