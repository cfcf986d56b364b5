// rule: each Dragonfly instance has its own name
// expect: NAME_DUPLICATE instances[1].name
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({ name: 'fixture', components: [dragonflyOperator({ instances: [{ name: 'cache' }, { name: 'cache' }] })] });
