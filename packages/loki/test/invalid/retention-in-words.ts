// rule: retention is a Prometheus duration like 14d
// expect: VALUE_INVALID retention
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({ name: 'fixture', components: [loki({ retention: 'two weeks' })] });
