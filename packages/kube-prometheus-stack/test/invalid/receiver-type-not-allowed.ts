// rule: alertmanager.config.receiver.type is `discord`, `slack` or `webhook`
// expect: VALUE_INVALID alertmanager.config.receiver.type
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';

export default defineCluster({
  name: 'fixture',
  external: ['secret:monitoring/teams-webhook'],
  components: [
    prometheusOperatorCrds(),
    kubePrometheusStack({
      // @ts-expect-error `teams` is not a receiver type
      alertmanager: { config: { receiver: { type: 'teams', url: { existingSecret: 'teams-webhook' } } } },
    }),
  ],
});
