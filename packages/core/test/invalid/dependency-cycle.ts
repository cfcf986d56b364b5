// rule: dependencies form no cycle (each of these needs the other's CRDs)
// expect: DEPENDENCY_CYCLE -
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const chicken = defineComponent({
  name: 'chicken',
  title: 'Chicken',
  summary: 'Needs eggs',
  category: 'core',
  namespace: 'farm',
  chart: { name: 'chicken', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['chicken.example.com'] }),
  needs: () => ({ crd: ['egg.example.com'] }),
});

const egg = defineComponent({
  name: 'egg',
  title: 'Egg',
  summary: 'Needs chickens',
  category: 'core',
  namespace: 'farm',
  chart: { name: 'egg', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ crd: ['egg.example.com'] }),
  needs: () => ({ crd: ['chicken.example.com'] }),
});

export default defineCluster({ name: 'fixture', components: [chicken(), egg()] });
