// rule: the UniFi console is reached over https://
// expect: VALUE_INVALID provider.unifi.host
import { defineCluster } from '@fluxgen/core';
import { externalDns } from '@fluxgen/external-dns';

export default defineCluster({
  name: 'fixture',
  external: ['secret:external-dns/unifi'],
  components: [
    externalDns({ provider: { unifi: { host: 'http://192.168.1.1', apiKey: { existingSecret: 'unifi' } } }, sources: ['service'], domainFilters: ['home.example.com'] }),
  ],
});
