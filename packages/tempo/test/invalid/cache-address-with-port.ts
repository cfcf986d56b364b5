// rule: cache.address is a host; the port goes in cache.port
// expect: VALUE_INVALID cache.address
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({ name: 'fixture', components: [tempo({ cache: { address: 'memcached.lan:11211' } })] });
