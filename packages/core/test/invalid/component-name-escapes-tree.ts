// rule: a component name is a DNS-1123 label: it names a folder, so `../` could write outside the tree
// expect: COMPONENT_INVALID name
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const evil = defineComponent({
  name: '../evil',
  title: 'Evil',
  summary: 'A component whose folder would be outside flux/infra',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'evil', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [evil()] });
