import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, parseYamlFile, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { cilium } from '../src/index.js';
import { mesh } from './mesh.js';

/** The homelab-style configuration: Talos, no kube-proxy, native routing, L2, Gateway API, Hubble. */
const full = () =>
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
    l2Announcements: { enabled: true, interfaces: ['^eth[0-9]+'], pools: [{ name: 'lan', blocks: [{ cidr: '192.168.1.240/28' }] }] },
    gatewayAPI: true,
    envoyConfig: true,
    hubble: { relay: true, ui: true, metrics: ['dns', 'drop', 'tcp'] },
    serviceMonitors: true,
  });
const external = ['crd:gateway.networking.k8s.io', 'crd:monitoring.coreos.com'];

describe('cilium', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([cilium()]).files)).toEqual([]);
  });

  it('defaults: chart, namespace and source', () => {
    const { files } = renderForTest([cilium()]);
    const release = doc(files, 'cilium/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'cilium', namespace: 'kube-system' });
    expect(doc(files, 'cilium/app/ocirepository.yaml')['spec']).toMatchObject({
      url: 'oci://quay.io/cilium/charts/cilium',
      ref: { tag: '1.20.0' },
    });
    expect(files.has('cilium/app/namespace.yaml')).toBe(false);
    expect(files.has('cilium/config/kustomization.yaml')).toBe(false);
    expect(release['spec'].values).toMatchObject({ kubeProxyReplacement: false, routingMode: 'tunnel', hubble: { enabled: true } });
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([full()], { external });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: the facts that matter', () => {
    const { files, model } = renderForTest([full()], { external });
    const values = doc(files, 'cilium/app/helmrelease.yaml')['spec'].values;
    expect(values).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: '127.0.0.1',
      k8sServicePort: 7445,
      routingMode: 'native',
      ipv4NativeRoutingCIDR: '10.244.0.0/16',
      cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
      l2announcements: { enabled: true },
      gatewayAPI: { enabled: true },
      prometheus: { enabled: true, serviceMonitor: { enabled: true } },
      hubble: { relay: { enabled: true }, ui: { enabled: true }, metrics: { enabled: ['dns', 'drop', 'tcp'] } },
    });
    expect(values.securityContext.capabilities.ciliumAgent).not.toContain('SYS_MODULE');
    expect(model.components[0]!.needs).toEqual(external);
    expect(doc(files, 'cilium/config/ciliumloadbalancerippool.yaml')).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: 'lan' },
      spec: { blocks: [{ cidr: '192.168.1.240/28' }] },
    });
    expect(doc(files, 'cilium/config/ciliuml2announcementpolicy.yaml')['spec']).toEqual({
      loadBalancerIPs: true,
      externalIPs: true,
      interfaces: ['^eth[0-9]+'],
    });
  });

  it('L2: pools with a service selector, named policies with selectors, interfaces and the choice of IPs', () => {
    const { files } = renderForTest([
      cilium({
        l2Announcements: {
          enabled: true,
          interfaces: ['^eth[0-9]+'],
          pools: [
            { name: 'lan', blocks: [{ cidr: '192.168.1.240/28' }], serviceSelector: { matchLabels: { 'lb.example.com/pool': 'lan' } }, allowFirstLastIPs: false },
            { name: 'dmz', blocks: [{ start: '10.0.0.10', stop: '10.0.0.20' }] },
          ],
          policies: [
            { name: 'lan', serviceSelector: { matchLabels: { 'lb.example.com/pool': 'lan' } } },
            {
              name: 'dmz-external',
              loadBalancerIPs: false,
              externalIPs: true,
              interfaces: ['^bond0$'],
              nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
            },
          ],
        },
      }),
    ]);
    const pools = parseYamlFile(files.get('cilium/config/ciliumloadbalancerippool.yaml')!) as { spec: object }[];
    expect(pools.map((p) => p.spec)).toEqual([
      { blocks: [{ cidr: '192.168.1.240/28' }], serviceSelector: { matchLabels: { 'lb.example.com/pool': 'lan' } }, allowFirstLastIPs: 'No' },
      { blocks: [{ start: '10.0.0.10', stop: '10.0.0.20' }] },
    ]);
    const policies = parseYamlFile(files.get('cilium/config/ciliuml2announcementpolicy.yaml')!) as { metadata: { name: string }; spec: object }[];
    expect(policies).toEqual([
      {
        apiVersion: 'cilium.io/v2alpha1',
        kind: 'CiliumL2AnnouncementPolicy',
        metadata: { name: 'lan' },
        spec: { loadBalancerIPs: true, externalIPs: false, interfaces: ['^eth[0-9]+'], serviceSelector: { matchLabels: { 'lb.example.com/pool': 'lan' } } },
      },
      {
        apiVersion: 'cilium.io/v2alpha1',
        kind: 'CiliumL2AnnouncementPolicy',
        metadata: { name: 'dmz-external' },
        spec: {
          loadBalancerIPs: false,
          externalIPs: true,
          interfaces: ['^bond0$'],
          nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
        },
      },
    ]);
    expect(files.get('cilium/README.md')).toContain('L2 announcement policies: `lan` (LoadBalancer IPs, selected Services), `dmz-external` (external IPs, selected nodes)');
  });

  it('L2: a policy that announces nothing is refused', () => {
    const e = problemsOf(() =>
      renderForTest([cilium({ l2Announcements: { enabled: true, policies: [{ name: 'none', loadBalancerIPs: false }] } })]),
    );
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_INVALID', path: 'l2Announcements.policies[0]' })]);
  });

  it('Gateway API and ServiceMonitors need their CRDs in the cluster', () => {
    expect(() => renderForTest([cilium({ gatewayAPI: true })])).toThrow(/needs crd:gateway\.networking\.k8s\.io/);
    expect(() => renderForTest([cilium({ serviceMonitors: true })])).toThrow(/needs crd:monitoring\.coreos\.com/);
  });
});

describe('cilium under an ambient mesh (stack rule)', () => {
  const ambient = (input: Parameters<typeof cilium>[0] = {}) => renderForTest([mesh(), cilium({ bpfMasquerade: true, ...input })]);

  it('matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/ambient', import.meta.url), ambient().files)).toEqual([]);
  });

  it('derives cni.exclusive, socketLB.hostNamespaceOnly and, with eBPF masquerading, bpf.hostLegacyRouting', () => {
    const { files, model } = ambient();
    const values = doc(files, 'cilium/app/helmrelease.yaml')['spec'].values;
    expect(values.cni).toEqual({ exclusive: false });
    expect(values.socketLB).toEqual({ hostNamespaceOnly: true });
    expect(values.bpf).toEqual({ masquerade: true, hostLegacyRouting: true });
    const c = model.components.find((x) => x.name === 'cilium')!;
    expect(c.derived.map((d) => [d.helmPath, d.value, d.from])).toEqual([
      ['cni.exclusive', false, { component: 'mesh', path: 'profile' }],
      ['socketLB.hostNamespaceOnly', true, { component: 'mesh', path: 'profile' }],
      ['bpf.hostLegacyRouting', true, { component: 'mesh', path: 'profile' }],
    ]);
    expect(files.get('cilium/README.md')).toContain('Beside the ambient mesh of mesh (derived): `cni.exclusive: false`, `socketLB.hostNamespaceOnly: true`, `bpf.hostLegacyRouting: true`');
  });

  it('without eBPF masquerading: no host legacy routing', () => {
    const { files } = ambient({ bpfMasquerade: false });
    const values = doc(files, 'cilium/app/helmrelease.yaml')['spec'].values;
    expect(values.bpf).toEqual({ masquerade: false });
    expect(values.cni).toEqual({ exclusive: false });
  });

  it('derives nothing without a mesh, or with a sidecar mesh', () => {
    for (const components of [[cilium({ bpfMasquerade: true })], [mesh({ mode: 'sidecar' }), cilium({ bpfMasquerade: true })]]) {
      const { files, model } = renderForTest(components);
      const values = doc(files, 'cilium/app/helmrelease.yaml')['spec'].values;
      expect(values.cni).toBeUndefined();
      expect(values.socketLB).toBeUndefined();
      expect(values.bpf).toEqual({ masquerade: true });
      expect(model.components.find((x) => x.name === 'cilium')!.derived).toEqual([]);
    }
  });

  it('a conflicting helmValues setting is a STACK_CONFLICT naming both components', () => {
    const e = problemsOf(() => ambient({ helmValues: { cni: { exclusive: true }, bpf: { hostLegacyRouting: false } } }));
    expect(e.diagnostics.map((d) => [d.code, d.component, d.path])).toEqual([
      ['STACK_CONFLICT', 'cilium', 'helmValues.cni.exclusive'],
      ['STACK_CONFLICT', 'cilium', 'helmValues.bpf.hostLegacyRouting'],
    ]);
    expect(e.diagnostics[0]!.message).toContain('mesh (profile) publishes a service mesh in ambient mode');
  });
});
