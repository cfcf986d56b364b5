// rule: a component's default namespace is a DNS-1123 label
// expect: COMPONENT_INVALID namespace
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({
  namespace: 'Demo_System',
});

export default defineCluster({ name: 'fixture', components: [demo()] });
