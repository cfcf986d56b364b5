// rule: a Slack webhook URL is a secret by its value, whatever key holds it
// expect: POLICY_PLAINTEXT_SECRET values.alertmanager.config.global.slack_api_url
import { defineCluster } from '@fluxgen/core';
import { kubePrometheusStack } from '@fluxgen/kube-prometheus-stack';

const webhook = ['https://hooks.slack.com/services', 'T00000000', 'B00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'].join('/');

export default defineCluster({
  name: 'fixture',
  external: ['crd:monitoring.coreos.com'],
  components: [kubePrometheusStack({ helmValues: { alertmanager: { config: { global: { slack_api_url: webhook } } } } })],
});
