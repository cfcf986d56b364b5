// rule: memcachedPort is a TCP port, 1 to 65535
// expect: VALUE_INVALID instances[0].memcachedPort
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({ name: 'fixture', components: [dragonflyOperator({ instances: [{ name: 'cache', memcachedPort: 0 }] })] });
