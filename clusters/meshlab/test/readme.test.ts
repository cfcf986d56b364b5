/**
 * The meshlab README (seed 002's layout, `readme: 'handbook'`): every section of the seed, each
 * derived from the model; every diagram parses with Mermaid's own parser; and a changed value in
 * cluster.ts changes the README where that value is described.
 */
import { describe, expect, it } from 'vitest';
import { defineCluster, renderCluster, type ComponentInstance } from '@fluxgen/core';
import { coredns } from '@fluxgen/coredns';
import { istiod } from '@fluxgen/istio';
import { loadMermaid, mermaidBlocks } from '../../../packages/core/test/mermaid.js';
import meshlab from '../cluster.js';

const { files, model } = renderCluster(meshlab, { dir: 'clusters/meshlab' });
const root = files.get('README.md')!;
const headings = (text: string, level = 2) => [...text.matchAll(new RegExp(`^${'#'.repeat(level)} (.+)$`, 'gm'))].map((m) => m[1]!);
const section = (text: string, title: string, level = 2) => {
  const marker = `\n${'#'.repeat(level)} ${title}\n`;
  const start = text.indexOf(marker);
  expect(start, title).toBeGreaterThan(0);
  const next = [...text.slice(start + marker.length).matchAll(new RegExp(`^#{1,${level}} `, 'gm'))][0];
  return text.slice(start, next ? start + marker.length + next.index : undefined);
};

/** The cluster with one component's values replaced. */
function withComponent(name: string, replacement: ComponentInstance) {
  const options = meshlab.options;
  return renderCluster(
    defineCluster({ ...options, components: options.components!.map((c) => (c.spec.name === name ? replacement : c)) }),
    { dir: 'clusters/meshlab' },
  ).files.get('README.md')!;
}

describe('meshlab README', () => {
  it('has every section of seed 002, with a table of contents', () => {
    const present = headings(root);
    for (const title of ['Table of Contents', 'Overview', 'Architecture', 'Networking', 'Storage', 'Monitoring', 'Service Mesh', 'Security Considerations', 'Maintenance and Operations', 'Troubleshooting']) {
      expect(present, title).toContain(title);
    }
    const toc = section(root, 'Table of Contents');
    for (const title of present.filter((h) => h !== 'Table of Contents')) expect(toc).toContain(`[${title}](#`);
  });

  it('opens with the namespaces the seed names, and draws one subgraph per namespace in the architecture', () => {
    const overview = section(root, 'Overview');
    for (const ns of ['kube-system', 'istio-system', 'monitoring', 'openebs-system']) expect(overview).toContain(`- \`${ns}\`: `);
    expect(overview).toContain('- `istio-system`: Istio base, Istiod, Istio CNI and ztunnel');
    const [graph] = section(root, 'Architecture').split('```mermaid\n')[1]!.split('\n```');
    for (const ns of new Set(model.components.map((c) => c.namespace))) expect(graph).toMatch(new RegExp(`subgraph g\\d+\\["${ns}"\\]`));
    // Edges from the real dependencies: istiod after istio-base.
    expect(graph).toContain('-->');
  });

  it('describes every component: its location in this tree, key features and configuration', () => {
    for (const c of model.components) {
      const part = section(root, c.spec.title, 3);
      expect(part, c.name).toContain(`- **Location**: [\`${c.name}/\`](${c.name}/)`);
      expect(part, c.name).toContain(`version \`${c.source.version}\``);
      if (c.features.length > 0) expect(part, c.name).toContain('- **Key Features**:');
      expect(part, c.name).toContain('- **Configuration**');
    }
    const coredns = section(root, 'CoreDNS', 3);
    expect(coredns).toContain('| `clusterIP` | `10.96.0.10` |');
    expect(coredns).toContain('| `zones[0].zone` | `home.arpa` |');
    const cilium = section(root, 'Cilium', 3);
    expect(cilium).toContain('Derived from the other components (stack rules):');
    expect(cilium).toContain('`cni.exclusive: false`, because of istiod (`profile`)');
  });

  it('draws the mesh, storage, monitoring and security diagrams in their sections', () => {
    expect(section(root, 'Service Mesh')).toContain('```mermaid');
    expect(section(root, 'Service Mesh')).toContain('ztunnel on every node');
    expect(section(root, 'Storage')).toContain('```mermaid');
    expect(section(root, 'Storage')).toContain('StorageClass openebs-hostpath (default)');
    expect(section(root, 'Monitoring')).toContain('```mermaid');
    const security = section(root, 'Network Security', 3);
    expect(security).toContain('subgraph g1["Cluster level"]');
    expect(security).toContain('mTLS STRICT');
    expect(security).toContain('Pod Security admission');
  });

  it('covers networking: policies, load balancing and DNS (CoreDNS, external-dns, split DNS)', () => {
    const networking = section(root, 'Networking');
    for (const sub of ['Network Policies', 'Load Balancing', 'DNS']) expect(headings(networking, 3)).toContain(sub);
    const dns = section(root, 'DNS', 3);
    expect(dns).toContain('Cluster DNS: Service `kube-dns` at 10.96.0.10');
    expect(dns).toContain('split DNS for home.arpa');
    expect(dns).toContain('Cloudflare records for `lab.example.com`');
    expect(section(root, 'Load Balancing', 3)).toContain('LoadBalancer IPs `192.168.10.200`–`192.168.10.229` (pool `lan`)');
  });

  it('covers security: the layers, certificate management and access control', () => {
    const security = section(root, 'Security Considerations');
    for (const sub of ['Network Security', 'Certificate Management', 'Access Control', 'Secrets']) expect(headings(security, 3)).toContain(sub);
    expect(section(root, 'Certificate Management', 3)).toContain('ClusterIssuer `letsencrypt`');
    expect(section(root, 'Certificate Management', 3)).toContain('istiod is the mesh CA');
  });

  it('covers maintenance: the Renovate update flow with every pin, backup and recovery, scaling', () => {
    const updates = section(root, 'Automated Updates', 3);
    expect(updates).toContain('Renovate');
    for (const c of model.components) expect(updates, c.name).toContain(`- \`${c.name}\`: `);
    expect(updates).toContain('- `istiod`: chart `istiod` `1.30.3` from oci://ghcr.io/istio/release/charts/istiod (OCIRepository)');
    expect(section(root, 'Backup and Recovery', 3)).toContain('--path=clusters/meshlab/flux');
    expect(section(root, 'Scaling', 3)).toContain('HorizontalPodAutoscalers');
  });

  it('names Promtail as the deprecated predecessor of Alloy', () => {
    expect(section(root, 'Logs', 3)).toContain('Grafana Alloy succeeds Promtail, the deprecated predecessor');
  });

  it('troubleshoots: common issues, then diagnostic commands with cilium status and istioctl', () => {
    const troubleshooting = section(root, 'Troubleshooting');
    expect(headings(troubleshooting, 3)).toEqual(['Common Issues', 'Diagnostic Commands']);
    const commands = section(root, 'Diagnostic Commands', 3);
    expect(commands).toContain('cilium status --wait');
    expect(commands).toContain('istioctl proxy-status');
    expect(commands).toContain('istioctl analyze -A');
  });

  it('every mermaid block parses with mermaid\'s own parser', async () => {
    const { parse, reason } = await loadMermaid();
    if (!parse) {
      console.warn(`SKIP: mermaid could not be loaded (${reason}); the meshlab diagrams were not parsed`);
      return;
    }
    const blocks = [...files].filter(([p]) => p.endsWith('README.md')).flatMap(([p, text]) => mermaidBlocks(text).map((b) => ({ ...b, p })));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) await expect(parse(b.text), `${b.p}:${b.line}`).resolves.toBeTruthy();
  });

  it('follows cluster.ts: a changed value changes the README where it is described', () => {
    const changed = withComponent('coredns', coredns({ clusterIP: '10.96.0.53', forwarders: ['1.1.1.1'], monitoring: true }));
    expect(changed).toContain('Cluster DNS: Service `kube-dns` at 10.96.0.53, upstreams 1.1.1.1');
    expect(changed).toContain('| `clusterIP` | `10.96.0.53` |');
    expect(changed).not.toContain('10.96.0.10');
    expect(changed).not.toContain('split DNS for home.arpa');

    const permissive = withComponent('istiod', istiod({ profile: 'ambient', mtls: 'PERMISSIVE', serviceMonitor: true }));
    expect(permissive).toContain('Mesh-wide mTLS PERMISSIVE');
    expect(permissive).toContain('mTLS PERMISSIVE<br/>(PeerAuthentication)');
    expect(permissive).not.toContain('mTLS STRICT');
  });
});
