// rule: the Connect credentials are an existing Secret only: they cannot come from 1Password, which Connect itself reads
// expect: VALUE_UNKNOWN_KEY credentials.onePassword
import { defineCluster } from '@fluxgen/core';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

export default defineCluster({
  name: 'fixture',
  external: ['secret:onepassword-system/op-credentials'],
  // @ts-expect-error `credentials` takes `existingSecret`, not a 1Password item
  components: [onepasswordConnect({ credentials: { onePassword: { item: 'vaults/homelab/items/connect' } } })],
});
