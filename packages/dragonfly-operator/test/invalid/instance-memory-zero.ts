// rule: an instance's memory is a size larger than zero (Dragonfly's --maxmemory follows it)
// expect: VALUE_INVALID instances[0].memory
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({ name: 'fixture', components: [dragonflyOperator({ instances: [{ name: 'cache', memory: '0' }] })] });
