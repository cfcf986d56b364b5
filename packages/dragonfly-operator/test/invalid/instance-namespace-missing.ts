// rule: an instance's namespace is declared by a component of the cluster (the operator does not create it)
// expect: DEPENDENCY_UNMET -
import { defineCluster } from '@fluxgen/core';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';

export default defineCluster({ name: 'fixture', components: [dragonflyOperator({ instances: [{ name: 'cache', namespace: 'authentik' }] })] });
