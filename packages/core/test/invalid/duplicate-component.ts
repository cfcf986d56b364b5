// rule: a component appears once per cluster, unless the second instance has its own name
// expect: COMPONENT_DUPLICATE -
import { defineCluster } from '@fluxgen/core';
import { demoWith } from '../fixtures/demo.js';

const demo = demoWith({});

export default defineCluster({ name: 'fixture', components: [demo(), demo()] });
