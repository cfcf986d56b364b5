// rule: Tempo's retention is a Go duration (hours): 14d is written 336h
// expect: VALUE_INVALID retention
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({ name: 'fixture', components: [tempo({ retention: '14d' })] });
