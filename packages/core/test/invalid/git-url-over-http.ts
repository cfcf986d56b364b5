// rule: a Git source is fetched over https://
// expect: POLICY_INSECURE_URL git.url
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const crds = defineComponent({
  name: 'crds',
  title: 'CRDs',
  summary: 'CRDs from a Git tag, over plain HTTP',
  category: 'core',
  namespace: 'kube-system',
  git: { url: 'http://git.example.com/crds', tag: 'v1.0.0', path: './config/crd' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [crds()] });
