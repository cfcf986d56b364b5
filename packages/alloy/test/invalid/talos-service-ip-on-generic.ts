// rule: talos.serviceIP only applies with platform: talos
// expect: VALUE_INVALID talos.serviceIP
import { defineCluster } from '@fluxgen/core';
import { alloy } from '@fluxgen/alloy';

export default defineCluster({
  name: 'fixture',
  components: [
    alloy({ lokiUrl: 'http://loki:3100', talos: { serviceIP: '10.96.0.60' } }),
  ],
});
