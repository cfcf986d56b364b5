// rule: a 1Password secret reference needs the backend, which onepassword-connect runs only with its operator on
// expect: SECRET_BACKEND_MISSING auth.onePassword
import { defineCluster, defineComponent, SecretSource, Type } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

/** Any component that takes a credential as a SecretSource. */
const app = defineComponent({
  name: 'app',
  title: 'App',
  summary: 'Reads one credential',
  category: 'core',
  namespace: 'apps',
  chart: { name: 'app', version: '1.0.0', repository: 'https://charts.example.org' },
  docs: [],
  values: Type.Object({ auth: SecretSource }),
  secrets: (v) => [{ source: v.auth, defaultName: 'app-auth', keys: ['password'], purpose: 'Login' }],
});

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  components: [
    onepasswordConnect({ credentials: { existingSecret: 'op-credentials' } }),
    app({ auth: { onePassword: { item: 'vaults/homelab/items/app' } } }),
  ],
});
