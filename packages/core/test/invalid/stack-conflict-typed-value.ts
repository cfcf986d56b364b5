// rule: a value a stack rule derives from another component is not set otherwise (here the typed value)
// expect: STACK_CONFLICT exclusive
import { defineCluster } from '@fluxgen/core';
import { cni, mesh } from '../stack.js';

export default defineCluster({ name: 'fixture', components: [mesh(), cni({ exclusive: true })] });
