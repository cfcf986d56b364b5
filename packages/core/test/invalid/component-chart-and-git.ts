// rule: a component declares exactly one source: a chart or a Git repository
// expect: COMPONENT_INVALID chart
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const both = defineComponent({
  name: 'both',
  title: 'Both',
  summary: 'Declares a chart and a Git repository',
  category: 'core',
  namespace: 'both',
  chart: { name: 'both', version: '1.0.0', repository: 'https://charts.example.com' },
  git: { url: 'https://github.com/example/both', tag: 'v1.0.0', path: './deploy' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [both()] });
