// rule: fluxgen refers to Secrets and never writes one: a Secret in Git is a plaintext credential
// expect: POLICY_PLAINTEXT_SECRET demo/app/secret.yaml:stringData.password
import { defineCluster, defineComponent, Type } from '@fluxgen/core';

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'Emits its own credentials',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  objects: (_v, ctx) => [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-credentials', namespace: ctx.namespace },
      stringData: { password: 'hunter2' },
    },
  ],
});

export default defineCluster({ name: 'fixture', components: [demo()] });
