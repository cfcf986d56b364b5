// rule: a Git source is pinned to a release tag, never a branch
// expect: POLICY_VERSION_NOT_PINNED version
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const crds = defineComponent({
  name: 'crds',
  title: 'CRDs',
  summary: 'CRDs from a Git tag',
  category: 'core',
  namespace: 'kube-system',
  git: { url: 'https://github.com/example/crds', tag: 'v1.0.0', path: './config/crd' },
  docs: [],
  values: Type.Object({}),
});

export default defineCluster({ name: 'fixture', components: [crds({ version: 'main' })] });
