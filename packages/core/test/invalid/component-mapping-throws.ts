// rule: a component's own code does not throw on valid values (a bug in the package is reported, not a stack trace)
// expect: COMPONENT_INVALID -
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const buggy = defineComponent({
  name: 'buggy',
  title: 'Buggy',
  summary: 'Its mapping throws',
  category: 'core',
  namespace: 'buggy',
  chart: { name: 'buggy', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  helmValues: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'length')");
  },
});

export default defineCluster({ name: 'fixture', components: [buggy()] });
