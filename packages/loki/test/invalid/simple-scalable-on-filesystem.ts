// rule: simple-scalable mode keeps chunks in object storage (the chart refuses it on the filesystem)
// expect: VALUE_MISSING storage.s3
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({ name: 'fixture', components: [loki({ mode: 'simple-scalable', gateway: true })] });
