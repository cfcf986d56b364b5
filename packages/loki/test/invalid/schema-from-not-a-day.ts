// rule: schemaFrom is a real calendar day written YYYY-MM-DD
// expect: VALUE_INVALID schemaFrom
import { defineCluster } from '@fluxgen/core';
import { loki } from '@fluxgen/loki';

export default defineCluster({ name: 'fixture', components: [loki({ schemaFrom: '2024-02-30' })] });
