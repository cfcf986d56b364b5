/**
 * The homelab cluster: three Talos nodes on one home network, a NAS for SMB shares and backups,
 * secrets in 1Password. fluxgen generates its infrastructure layer into ./flux/infra.
 *
 * Edit the typed values here, then run `npx nx run homelab:generate` and commit both.
 */
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { gatewayApi } from '@fluxgen/gateway-api';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { longhorn } from '@fluxgen/longhorn';
import { metricsServer } from '@fluxgen/metrics-server';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

/** The shared Gateway every web UI of the cluster is published through. */
const gateway = { name: 'main-gateway', namespace: 'cilium-system', sectionName: 'https' };
const domain = 'home.example.com';

export default defineCluster({
  name: 'homelab',
  title: 'Homelab infrastructure',
  description:
    'The infrastructure layer of a three-node Talos cluster: Cilium networking with Gateway API and L2 load balancer IPs, Longhorn storage backed up to the NAS over SMB, the Prometheus stack, and secrets synced from 1Password.',
  // Made by hand once, before Flux: the 1Password Connect credentials and operator token cannot
  // come from 1Password itself, and the wildcard certificate is issued outside this layer.
  external: [
    'secret:onepassword-system/1password-credentials',
    'secret:onepassword-system/1password-token',
    'secret:cilium-system/wildcard-tls',
  ],
  components: [
    // Networking
    cilium({
      namespace: 'cilium-system',
      kubeProxyReplacement: true,
      apiServer: { host: '127.0.0.1', port: 7445 }, // Talos KubePrism
      routingMode: 'native',
      nativeRoutingCIDR: '10.244.0.0/16',
      autoDirectNodeRoutes: true,
      ipamMode: 'kubernetes',
      loadBalancer: { algorithm: 'maglev', mode: 'dsr' },
      bpfMasquerade: true,
      talos: true,
      operatorReplicas: 2,
      l2Announcements: {
        enabled: true,
        interfaces: ['^eth[0-9]+', '^enp.*'],
        pools: [{ name: 'lan', blocks: [{ start: '192.168.1.220', stop: '192.168.1.239' }] }],
      },
      gatewayAPI: true,
      envoyConfig: true,
      hubble: { relay: true, ui: true, metrics: ['dns', 'drop', 'tcp', 'flow', 'icmp', 'http'] },
      serviceMonitors: true,
    }),
    gatewayApi({
      namespace: 'cilium-system',
      gateways: [
        {
          name: gateway.name,
          addresses: ['192.168.1.220'], // first address of Cilium's `lan` pool
          listeners: [
            { name: 'http', protocol: 'HTTP', port: 80, hostname: `*.${domain}` },
            { name: 'https', protocol: 'HTTPS', port: 443, hostname: `*.${domain}`, certificates: ['wildcard-tls'] },
          ],
        },
      ],
    }),
    // Storage
    csiDriverSmb({
      controller: { runOnControlPlane: true },
      storageClasses: [
        {
          name: 'smb',
          source: '//nas.home.arpa/kubernetes',
          credentials: { onePassword: { item: 'vaults/homelab/items/nas-smb', secretName: 'smb-credentials' } },
        },
      ],
    }),
    longhorn({
      volumes: { replicas: 3, dataLocality: 'best-effort' },
      settings: {
        replicaAutoBalance: 'best-effort',
        nodeDownPodDeletionPolicy: 'delete-both-statefulset-and-deployment-pod',
      },
      backup: {
        target: 'cifs://nas.home.arpa/longhorn-backups',
        credentials: { onePassword: { item: 'vaults/homelab/items/longhorn-backup' } },
      },
      recurringJobs: [
        { name: 'snapshot-daily', task: 'snapshot', cron: '0 1 * * *', retain: 7 },
        { name: 'backup-nightly', task: 'backup', cron: '0 3 * * *', retain: 14 },
      ],
      ui: { route: { hostnames: [`longhorn.${domain}`], gateway } },
      serviceMonitor: true,
    }),
    // Observability
    prometheusOperatorCrds(),
    kubePrometheusStack({
      namespace: 'prometheus-system',
      prometheus: {
        retention: '30d',
        retentionSize: '90GB',
        storage: { storageClass: 'longhorn', size: '100Gi' },
        route: { hostnames: [`prometheus.${domain}`], gateway },
      },
      alertmanager: {
        storage: { storageClass: 'longhorn', size: '5Gi' },
        route: { hostnames: [`alertmanager.${domain}`], gateway },
      },
      grafana: {
        admin: { secret: { onePassword: { item: 'vaults/homelab/items/grafana-admin' } }, userKey: 'username', passwordKey: 'password' },
        storage: { storageClass: 'longhorn', size: '10Gi' },
        route: { hostnames: [`grafana.${domain}`], gateway },
      },
      controlPlane: { kubeProxy: false }, // Cilium replaces kube-proxy
    }),
    metricsServer({
      kubelet: { insecureTLS: true, preferredAddressTypes: ['InternalIP'] },
      metricResolution: '15s',
      serviceMonitor: true,
    }),
    // Security
    onepasswordConnect({
      credentials: { existingSecret: '1password-credentials' },
      replicas: 2,
      operator: { enabled: true, autoRestart: true, token: { existingSecret: '1password-token' } },
    }),
  ],
});
