import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { coredns } from '../src/index.js';

/** The smallest valid configuration: the Service address only. */
const minimal = () => coredns({ clusterIP: '10.96.0.10' });

/** A homelab's split DNS: DoT upstreams, a LAN zone forwarded to the router, static records, monitoring. */
const full = () =>
  coredns({
    clusterIP: '10.43.0.10',
    clusterDomain: 'cluster.local',
    replicas: 3,
    forwarders: ['1.1.1.1', '1.0.0.1'],
    tlsServerName: 'cloudflare-dns.com',
    cacheSeconds: 60,
    hosts: [{ address: '192.168.1.20', names: ['git.example.com', 'auth.example.com'] }],
    zones: [
      {
        zone: 'home.arpa',
        forwarders: ['192.168.1.1', 'fd00::1'],
        forwarderPort: 5353,
        cacheSeconds: 10,
        hosts: [{ address: '192.168.1.5', names: ['nas.home.arpa'] }],
      },
      { zone: 'lab.internal', hosts: [{ address: '10.0.50.2', names: ['pve.lab.internal', 'pbs.lab.internal'] }] },
    ],
    queryLog: 'all',
    placement: 'any',
    monitoring: true,
  });
const monitoring = { external: ['crd:monitoring.coreos.com'] };

/** Resolved values as the facts function receives them (only clusterIP is read). */
const minimalValues = () => ({}) as Parameters<NonNullable<typeof coredns.spec.facts>>[0];

const values = (files: ReadonlyMap<string, string>) => doc(files, 'coredns/app/helmrelease.yaml')['spec'].values;

describe('coredns', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([minimal()]).files)).toEqual([]);
  });

  it('defaults: OCI chart in kube-system, kube-dns Service at the fixed ClusterIP, control-plane placement', () => {
    const { files } = renderForTest([minimal()]);
    const release = doc(files, 'coredns/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'coredns', namespace: 'kube-system' });
    expect(release['spec'].chartRef).toEqual({ kind: 'OCIRepository', name: 'coredns' });
    const source = doc(files, 'coredns/app/ocirepository.yaml');
    expect(source['spec'].url).toBe('oci://ghcr.io/coredns/charts/coredns');
    expect(source['spec'].ref).toEqual({ tag: '1.46.2' });
    const v = values(files);
    expect(v.fullnameOverride).toBe('coredns');
    expect(v.k8sAppLabelOverride).toBe('kube-dns');
    expect(v.service).toEqual({ name: 'kube-dns', clusterIP: '10.96.0.10' });
    expect(v.replicaCount).toBe(2);
    expect(v.podDisruptionBudget).toEqual({ minAvailable: 1 });
    expect(v.priorityClassName).toBe('system-cluster-critical');
    expect(v.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(v.tolerations).toContainEqual({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' });
    expect(v.prometheus).toBeUndefined();
    // One root block; the probes' health and ready plugins and the metrics port stay in it.
    expect(v.servers).toHaveLength(1);
    expect(v.servers[0].zones).toEqual([{ zone: '.', scheme: 'dns://', use_tcp: true }]);
    expect(v.servers[0].port).toBe(53);
    const plugins = v.servers[0].plugins as { name: string; parameters?: unknown; configBlock?: string }[];
    expect(plugins.map((p) => p.name)).toEqual([
      'errors', 'health', 'ready', 'log', 'kubernetes', 'prometheus', 'forward', 'cache', 'loop', 'reload', 'loadbalance',
    ]);
    expect(plugins.find((p) => p.name === 'kubernetes')!.parameters).toBe('cluster.local in-addr.arpa ip6.arpa');
    expect(plugins.find((p) => p.name === 'forward')).toEqual({ name: 'forward', parameters: '. /etc/resolv.conf' });
    expect(plugins.find((p) => p.name === 'cache')!.parameters).toBe(30);
    expect(plugins.find((p) => p.name === 'log')!.configBlock).toBe('class error');
  });

  it('defaults: the kustomization has no dependsOn (DNS comes first)', () => {
    const ks = doc(renderForTest([minimal()]).files, 'coredns/ks.yaml');
    expect(ks['spec'].dependsOn).toBeUndefined();
    expect(ks['spec'].path).toBe('./clusters/test/flux/infra/coredns/app');
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()], monitoring).files)).toEqual([]);
  });

  it('fully configured: DoT forwarders, static records, one block per zone, ServiceMonitor', () => {
    const v = values(renderForTest([full()], monitoring).files);
    expect(v.service).toEqual({ name: 'kube-dns', clusterIP: '10.43.0.10' });
    expect(v.replicaCount).toBe(3);
    expect(v.nodeSelector).toBeUndefined();
    expect(v.tolerations).toBeUndefined();
    expect(v.prometheus).toEqual({ service: { enabled: true }, monitor: { enabled: true } });
    const [root, home, lab] = v.servers as { zones: unknown; plugins: { name: string; parameters?: unknown; configBlock?: string }[] }[];
    expect(root!.plugins.find((p) => p.name === 'forward')).toEqual({
      name: 'forward',
      parameters: '. tls://1.1.1.1 tls://1.0.0.1',
      configBlock: 'tls_servername cloudflare-dns.com',
    });
    expect(root!.plugins.find((p) => p.name === 'hosts')!.configBlock).toBe('192.168.1.20 git.example.com auth.example.com\nfallthrough');
    expect(root!.plugins.find((p) => p.name === 'log')).toEqual({ name: 'log' });
    // `use_tcp` only counts with the `dns://` scheme: without it the Service exposes UDP 53 alone.
    expect(home!.zones).toEqual([{ zone: 'home.arpa', scheme: 'dns://', use_tcp: true }]);
    expect(home!.plugins.find((p) => p.name === 'forward')).toEqual({ name: 'forward', parameters: '. 192.168.1.1:5353 [fd00::1]:5353' });
    expect(home!.plugins.find((p) => p.name === 'hosts')!.configBlock).toBe('192.168.1.5 nas.home.arpa\nfallthrough');
    expect(home!.plugins.find((p) => p.name === 'cache')!.parameters).toBe(10);
    // Records only: no forward, and no fallthrough (unknown names in the zone get NXDOMAIN).
    expect(lab!.plugins.map((p) => p.name)).not.toContain('forward');
    expect(lab!.plugins.find((p) => p.name === 'hosts')!.configBlock).toBe('10.0.50.2 pve.lab.internal pbs.lab.internal');
  });

  it('fully configured: the ServiceMonitor makes the Prometheus Operator CRDs a prerequisite', () => {
    const e = problemsOf(() => renderForTest([full()]));
    expect(e.diagnostics.map((d) => d.code)).toEqual(['DEPENDENCY_UNMET']);
  });

  it('README: Service, upstreams, zones, the Talos prerequisite and the loop symptom', () => {
    const readme = renderForTest([full()], monitoring).files.get('coredns/README.md')!;
    expect(readme).toContain('Service `kube-dns` at 10.43.0.10');
    expect(readme).toContain('1.1.1.1, 1.0.0.1 over DNS-over-TLS (cloudflare-dns.com)');
    expect(readme).toContain('Zone `home.arpa`: forwarded to 192.168.1.1, fd00::1 on port 5353, 1 static record');
    expect(readme).toContain('cluster.coreDNS.disabled: true');
    expect(readme).toContain('plugin/loop');
    expect(readme).toContain('kubectl get pods -n kube-system -l k8s-app=kube-dns');
  });

  it('publishes the cluster DNS address as an endpoint fact', () => {
    const ctx = { cluster: 'test', name: 'coredns', namespace: 'kube-system', fluxNamespace: 'flux-system' };
    expect(coredns.spec.facts!({ ...minimalValues(), clusterIP: '10.96.0.10' }, ctx)).toEqual([
      { kind: 'endpoint', name: 'cluster-dns', url: 'dns://10.96.0.10:53', path: 'clusterIP' },
    ]);
  });
});
