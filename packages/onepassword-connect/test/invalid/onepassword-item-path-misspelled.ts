// rule: a custom resource takes only the fields its vendored CRD declares (a OnePasswordItem's item is `spec.itemPath`)
// expect: OBJECT_INVALID grafana-secrets/app/onepassworditem.yaml:spec.item
import { defineCluster, defineComponent, Type } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

/** A OnePasswordItem written by hand, with fluxgen's SecretSource key `item` instead of the CRD's `itemPath`. */
const grafanaSecrets = defineComponent({
  name: 'grafana-secrets',
  title: 'Grafana secrets',
  summary: 'Grafana credentials from 1Password',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'grafana-secrets', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  needs: () => ({ crd: ['onepassword.com'] }),
  objects: (_v, ctx) => [
    {
      apiVersion: 'onepassword.com/v1',
      kind: 'OnePasswordItem',
      metadata: { name: 'grafana-admin', namespace: ctx.namespace },
      spec: { item: 'vaults/homelab/items/grafana-admin' },
    },
  ],
});

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials', 'secret:onepassword-system/onepassword-token'],
  components: [onepasswordConnect({ credentials: { existingSecret: 'op-credentials' }, operator: { enabled: true } }), grafanaSecrets()],
});
