// rule: a cluster has at most one service mesh mode (two components cannot both publish one)
// expect: NAME_DUPLICATE -
import { defineCluster } from '@fluxgen/core';
import { mesh } from '../stack.js';

export default defineCluster({ name: 'fixture', components: [mesh(), mesh({ name: 'mesh-two', namespace: 'mesh-two' })] });
