// rule: more than one Loki pod needs object storage: each pod has its own volume
// expect: VALUE_MISSING storage.s3
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({ name: 'fixture', components: [loki({ replicas: 2 })] });
