/**
 * The homelab cluster: a Talos cluster whose infrastructure layer fluxgen generates into
 * ./flux/infra. Edit the typed values here, then run `npx nx run homelab:generate`.
 */
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';

export default defineCluster({
  name: 'homelab',
  title: 'Homelab infrastructure',
  description:
    'A three-node Talos cluster on one home network. Cilium replaces kube-proxy and announces LoadBalancer IPs on the LAN.',
  components: [
    cilium({
      kubeProxyReplacement: true,
      apiServer: { host: '127.0.0.1', port: 7445 },
      routingMode: 'native',
      nativeRoutingCIDR: '10.244.0.0/16',
      autoDirectNodeRoutes: true,
      ipamMode: 'kubernetes',
      loadBalancer: { algorithm: 'maglev', mode: 'dsr' },
      bpfMasquerade: true,
      talos: true,
      operatorReplicas: 1,
      l2Announcements: {
        enabled: true,
        interfaces: ['^eth[0-9]+', '^enp.*'],
        pools: [{ name: 'lan', blocks: [{ start: '192.168.1.220', stop: '192.168.1.239' }] }],
      },
      hubble: { relay: true, ui: true, metrics: ['dns', 'drop', 'tcp', 'flow', 'icmp', 'http'] },
    }),
    metricsServer({
      kubelet: { insecureTLS: true, preferredAddressTypes: ['InternalIP'] },
      metricResolution: '10s',
    }),
  ],
});
