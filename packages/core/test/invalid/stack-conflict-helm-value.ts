// rule: a value a stack rule derives from another component is not set otherwise (here in helmValues)
// expect: STACK_CONFLICT helmValues.socketLB.hostNamespaceOnly
import { defineCluster } from '@fluxgen/core';
import { cni, mesh } from '../stack.js';

export default defineCluster({ name: 'fixture', components: [mesh(), cni({ helmValues: { socketLB: { hostNamespaceOnly: false } } })] });
