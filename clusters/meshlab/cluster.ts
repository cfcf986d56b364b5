/**
 * The meshlab cluster: a Talos homelab running Istio's ambient mesh on Cilium, with the Grafana
 * observability stack (Prometheus, Loki, Tempo, Alloy), OpenEBS local volumes, cert-manager and
 * external-dns. fluxgen generates its infrastructure layer into ./flux/infra.
 *
 * Edit the typed values here, then run `npx nx run meshlab:generate` and commit both.
 */
import { alloy } from '@fluxgen/alloy';
import { certManager } from '@fluxgen/cert-manager';
import { cilium } from '@fluxgen/cilium';
import { defineCluster } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';
import { dragonflyOperator } from '@fluxgen/dragonfly-operator';
import { externalDns } from '@fluxgen/external-dns';
import { gatewayApi } from '@fluxgen/gateway-api';
import { grafana } from '@fluxgen/grafana';
import { istioBase, istioCni, istiod, ztunnel } from '@fluxgen/istio';
import { kubePrometheusStack, prometheusOperatorCrds } from '@fluxgen/kube-prometheus-stack';
import { loki } from '@fluxgen/loki';
import { metricsServer } from '@fluxgen/metrics-server';
import { openebs } from '@fluxgen/openebs';
import { reloader } from '@fluxgen/reloader';
import { spegel } from '@fluxgen/spegel';
import { tempo } from '@fluxgen/tempo';

const domain = 'lab.example.com';
/** The Gateway every web UI is published through (Cilium's Gateway API implementation). */
const gateway = { name: 'internal', namespace: 'kube-system', sectionName: 'https' };

export default defineCluster({
  name: 'meshlab',
  title: 'Kubernetes Infrastructure',
  description:
    'The infrastructure layer of a Talos homelab: Cilium networking with L2 announcements and Gateway API, the Istio ambient mesh, the Prometheus, Grafana, Loki and Tempo observability stack, OpenEBS local volumes, and certificates and DNS records managed in-cluster.',
  readme: 'handbook',
  // Made by hand once, before Flux: the DNS provider token used by external-dns and cert-manager.
  external: [
    'secret:external-dns/cloudflare-api-token',
    'secret:cert-manager/cloudflare-api-token',
    // Grafana's admin login and the client of its Authentik OAuth provider (Authentik lives in the apps layer).
    'secret:monitoring/grafana-admin',
    'secret:monitoring/grafana-oauth',
  ],
  components: [
    // Core system services
    cilium({
      namespace: 'kube-system',
      kubeProxyReplacement: true,
      apiServer: { host: '127.0.0.1', port: 7445 }, // Talos KubePrism
      routingMode: 'native',
      nativeRoutingCIDR: '10.244.0.0/16',
      autoDirectNodeRoutes: true,
      ipamMode: 'kubernetes',
      bpfMasquerade: true,
      talos: true,
      l2Announcements: {
        enabled: true,
        interfaces: ['^enp.*'],
        pools: [{ name: 'lan', blocks: [{ start: '192.168.10.200', stop: '192.168.10.229' }] }],
      },
      gatewayAPI: true,
      envoyConfig: true,
      hubble: { relay: true, ui: true, metrics: ['dns', 'drop', 'tcp', 'flow', 'http'] },
      serviceMonitors: true,
    }),
    gatewayApi({
      namespace: 'kube-system',
      gateways: [
        {
          name: gateway.name,
          addresses: ['192.168.10.200'],
          listeners: [
            { name: 'http', protocol: 'HTTP', port: 80, hostname: `*.${domain}` },
            { name: 'https', protocol: 'HTTPS', port: 443, hostname: `*.${domain}`, certificates: ['wildcard-tls'] },
          ],
        },
      ],
    }),
    coredns({
      clusterIP: '10.96.0.10',
      forwarders: ['192.168.10.1'],
      zones: [{ zone: 'home.arpa', forwarders: ['192.168.10.1'] }],
      hosts: [{ address: '192.168.10.200', names: [`grafana.${domain}`] }],
      monitoring: true,
    }),
    metricsServer({ kubelet: { insecureTLS: true, preferredAddressTypes: ['InternalIP'] }, serviceMonitor: true }),
    reloader({ monitoring: true }),
    spegel({ platform: 'talos', monitoring: true }),
    // Service mesh
    istioBase(),
    istiod({ profile: 'ambient', mtls: 'STRICT', accessLog: true, serviceMonitor: true }),
    istioCni(),
    ztunnel({ podMonitor: true }),
    // Monitoring
    prometheusOperatorCrds(),
    kubePrometheusStack({
      namespace: 'monitoring',
      prometheus: {
        retention: '15d',
        storage: { size: '50Gi' },
        route: { hostnames: [`prometheus.${domain}`], gateway },
      },
      alertmanager: { storage: { size: '2Gi' }, route: { hostnames: [`alertmanager.${domain}`], gateway } },
      controlPlane: { kubeProxy: false }, // Cilium replaces kube-proxy
    }),
    // The standalone Grafana: its sidecar loads every dashboard, so kube-prometheus-stack turns its
    // bundled Grafana off (derived); datasources come from Prometheus, Alertmanager, Loki and Tempo.
    grafana({
      admin: { secret: { existingSecret: 'grafana-admin' } },
      oauth: {
        host: 'auth.example.com',
        slug: 'grafana',
        client: { existingSecret: 'grafana-oauth' },
        roles: [
          { group: 'Grafana Admins', role: 'Admin' },
          { group: 'Grafana Editors', role: 'Editor' },
        ],
        defaultRole: 'Viewer',
        basicLogin: false,
      },
      storage: { size: '5Gi' },
      route: { hostnames: [`grafana.${domain}`], gateway },
    }),
    loki({ retention: '30d', storage: { volume: { size: '50Gi' } } }),
    // Tempo's cache is a DragonflyDB instance the operator runs (derived); its metrics generator
    // writes span metrics and the service graph to Prometheus (derived).
    dragonflyOperator(),
    tempo({ retention: '168h', storage: { volume: { size: '20Gi' } } }),
    // Log collection: pod logs, Talos node logs (machine.logging.destinations) and cluster events to Loki.
    alloy({ platform: 'talos', nodeLogs: true }),
    // Storage
    openebs({ hostpath: { defaultClass: true, basePath: '/var/openebs/local' } }),
    // Security
    certManager({
      gatewayAPI: true,
      issuers: [
        {
          name: 'letsencrypt',
          acme: {
            email: 'admin@example.com',
            solver: { cloudflare: { apiToken: { existingSecret: 'cloudflare-api-token' } } },
          },
        },
      ],
      certificates: [{ name: 'wildcard', namespace: 'kube-system', dnsNames: [domain, `*.${domain}`], issuer: 'letsencrypt', secretName: 'wildcard-tls' }],
      serviceMonitor: true,
    }),
    externalDns({
      provider: { cloudflare: { apiToken: { existingSecret: 'cloudflare-api-token' } } },
      sources: ['gateway-httproute', 'service'],
      domainFilters: [domain],
      txtOwnerId: 'meshlab',
    }),
  ],
});
