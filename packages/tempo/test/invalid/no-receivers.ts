// rule: at least one receiver stays on, or Tempo receives no spans
// expect: VALUE_INVALID receivers
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({ name: 'fixture', components: [tempo({ receivers: { otlpGrpc: false, otlpHttp: false } })] });
