// rule: alertmanager.config takes exactly one of `secret` (a whole configuration) or `receiver`, not both
// expect: VALUE_INVALID alertmanager.config
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/alertmanager-config', 'secret:monitoring/discord-webhook'],
  components: [
    prometheusOperatorCrds(),
    kubePrometheusStack({
      alertmanager: {
        config: {
          secret: { existingSecret: 'alertmanager-config' },
          receiver: { type: 'discord', url: { existingSecret: 'discord-webhook' } },
        },
      },
    }),
  ],
});
