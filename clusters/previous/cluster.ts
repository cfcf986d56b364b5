/**
 * The homelab cluster one chart line behind: every component that has a previous line vendored is
 * pinned to it (cilium 1.19, Longhorn 1.11, kube-prometheus-stack 80, metrics-server 3.12,
 * 1Password Connect 2.1). It proves that a cluster can stay behind while the packages move on, and
 * carries the chart settings that real homelabs set and that the values.yaml files alone do not show.
 *
 * Edit the typed values here, then run `npx nx run previous:generate` and commit both.
 */
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { csiDriverSmb } from '@fluxgen/csi-driver-smb';
import { gatewayApi } from '@fluxgen/gateway-api';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { longhorn } from '@fluxgen/longhorn';
import { metricsServer } from '@fluxgen/metrics-server';
import { onepasswordConnect } from '@fluxgen/onepassword-connect';

const gateway = { name: 'main-gateway', namespace: 'cilium-system', sectionName: 'https' };
const domain = 'lab.example.com';

export default defineCluster({
  name: 'previous',
  title: 'Previous-line infrastructure',
  description: 'The homelab stack pinned one chart line behind, with the chart settings homelabs set beyond the typed values.',
  external: ['secret:onepassword-system/1password-credentials', 'secret:onepassword-system/1password-token', 'secret:cilium-system/wildcard-tls'],
  components: [
    cilium({
      version: '1.19.6',
      namespace: 'cilium-system',
      kubeProxyReplacement: true,
      apiServer: { host: '127.0.0.1', port: 7445 },
      routingMode: 'native',
      nativeRoutingCIDR: '10.244.0.0/16',
      autoDirectNodeRoutes: true,
      ipamMode: 'kubernetes',
      loadBalancer: { algorithm: 'maglev', mode: 'dsr' },
      bpfMasquerade: true,
      talos: true,
      l2Announcements: { enabled: true, pools: [{ name: 'lan', blocks: [{ cidr: '192.168.1.240/28' }] }] },
      gatewayAPI: true,
      hubble: { relay: true, ui: true },
      helmValues: {
        // Read by the templates, shown in values.yaml only as comments.
        l2announcements: { leaseDuration: '3s', leaseRenewDeadline: '1s', leaseRetryPeriod: '200ms' },
        // Istio ambient on Cilium needs this (https://istio.io/latest/docs/ambient/install/platform-prerequisites/#cilium).
        socketLB: { hostNamespaceOnly: true },
        cni: { exclusive: false },
        // A map the templates pass through whole: `limits` although values.yaml lists only `requests`.
        operator: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
      },
    }),
    gatewayApi({
      version: 'v1.5.1',
      namespace: 'cilium-system',
      gateways: [
        {
          name: gateway.name,
          addresses: ['192.168.1.240'],
          listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: `*.${domain}`, certificates: ['wildcard-tls'] }],
        },
      ],
    }),
    // No previous line of csi-driver-smb is vendored: it stays on the pinned version.
    csiDriverSmb({
      storageClasses: [
        {
          name: 'smb',
          source: '//nas.home.arpa/kubernetes',
          credentials: { onePassword: { item: 'vaults/lab/items/nas-smb', secretName: 'smb-credentials' } },
        },
      ],
    }),
    longhorn({
      version: '1.11.3',
      volumes: { replicas: 2 },
      backup: { target: 'cifs://nas.home.arpa/longhorn-backups', credentials: { onePassword: { item: 'vaults/lab/items/longhorn-backup' } } },
      helmValues: { defaultSettings: { storageMinimalAvailablePercentage: '15' } },
    }),
    prometheusOperatorCrds(),
    kubePrometheusStack({
      version: '80.13.3',
      namespace: 'prometheus-system',
      prometheus: { retention: '14d', storage: { storageClass: 'longhorn', size: '50Gi' } },
      grafana: {
        admin: { secret: { onePassword: { item: 'vaults/lab/items/grafana-admin' } }, userKey: 'username', passwordKey: 'password' },
        route: { hostnames: [`grafana.${domain}`], gateway },
      },
      controlPlane: { kubeProxy: false },
      helmValues: {
        // Keys of the subcharts, checked against their own contracts.
        grafana: { 'grafana.ini': { analytics: { check_for_updates: false } }, sidecar: { dashboards: { searchNamespace: 'ALL' } } },
        'kube-state-metrics': { metricLabelsAllowlist: ['pods=[*]'] },
        'prometheus-node-exporter': { hostRootFsMount: { enabled: false } },
      },
    }),
    metricsServer({ version: '3.12.2', kubelet: { insecureTLS: true }, helmValues: { resources: { limits: { memory: '200Mi' } } } }),
    onepasswordConnect({
      version: '2.1.1',
      credentials: { existingSecret: '1password-credentials' },
      operator: { enabled: true, token: { existingSecret: '1password-token' } },
    }),
  ],
});
