// rule: a cache needs a Memcached address, or the Dragonfly operator in the cluster
// expect: VALUE_MISSING cache.address
import { defineCluster } from '@fluxgen/core';
import { tempo } from '@fluxgen/tempo';

export default defineCluster({ name: 'fixture', components: [tempo({ cache: { enabled: true } })] });
