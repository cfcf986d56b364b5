/**
 * The homelab READMEs as an operator reads them: short, triage first, every fact kept, each fact
 * once. The bytes are checked by tree.test.ts (the committed tree is the golden); these are the
 * facts that must hold whatever the wording.
 */
import { describe, expect, it } from 'vitest';
import { renderCluster } from '@fluxgen/core';
import homelab from '../cluster.js';

const { files, model } = renderCluster(homelab, { dir: 'clusters/homelab' });
const root = files.get('README.md')!;
const readme = (name: string) => files.get(`${name}/README.md`)!;
const headings = (text: string) => [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
const section = (text: string, title: string) => {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
};
const lines = (text: string) => text.split('\n').length - 1;

describe('homelab README', () => {
  it('is a map: at most 300 lines, each component README at most 150', () => {
    expect(lines(root)).toBeLessThanOrEqual(300);
    for (const c of model.components) expect(lines(readme(c.name)), c.name).toBeLessThanOrEqual(150);
  });

  it("keeps seed 001's eleven sections, in order, after triage", () => {
    const seed = ['Overview', 'Components', 'Architecture', 'Dependencies', 'Integration Points', 'Security Considerations', 'Troubleshooting', 'Health Checks', 'Best Practices', 'Next Steps', 'External Resources'];
    const present = headings(root);
    expect(present.filter((h) => seed.includes(h))).toEqual(seed);
    expect(present.slice(0, 2)).toEqual(['Table of Contents', 'Triage']);
    expect(present).toEqual(expect.arrayContaining(['Networking', 'Storage', 'Monitoring', 'Maintenance']));
    expect(present).not.toContain('Service Mesh');
  });

  it('starts triage with what is not Ready, then symptoms to components', () => {
    const triage = section(root, 'Triage');
    expect(triage).toContain('```bash\nflux get all -A --status-selector ready=false\nflux events -A --types=Warning\n```');
    expect(triage).toContain('| A PVC of StorageClass `longhorn` stays Pending, or a pod cannot attach its volume | [Longhorn](longhorn/README.md) |');
  });

  it('lists each component once, with its link, namespace and pinned version', () => {
    for (const c of model.components) {
      const rows = root.split('\n').filter((l) => l.startsWith(`| [${c.spec.title}](${c.name}/README.md) |`));
      expect(rows, c.name).toHaveLength(1);
      expect(rows[0]).toContain(`| \`${c.namespace}\` | \`${c.source.version}\` |`);
    }
  });

  it('lists each Secret once, with where it comes from', () => {
    for (const c of model.components) {
      for (const s of c.secrets) {
        expect(root.split('\n').filter((l) => l.includes(`\`${s.name}\``) && l.startsWith('| `')), s.name).toHaveLength(1);
        expect(root).toContain(`| \`${s.name}\` | \`${s.namespace}\` | ${c.name}: `);
      }
    }
    expect(root).toContain('kubectl -n cilium-system create secret tls wildcard-tls --cert=./tls.crt --key=./tls.key');
  });

  it('draws one subgraph per namespace, the -config units as their own nodes, and no label on any edge', () => {
    const [graph] = section(root, 'Architecture').split('```mermaid\n')[1]!.split('\n```');
    for (const ns of ['cilium-system', 'kube-system', 'longhorn-system', 'onepassword-system', 'prometheus-system']) {
      expect(graph).toContain(`subgraph g`);
      expect(graph).toMatch(new RegExp(`subgraph g\\d+\\["${ns}"\\]`));
    }
    expect(graph).toContain('["Gateway API<br/>gateway-api"]');
    expect(graph).toContain('["Gateway API: objects<br/>gateway-api-config"]');
    expect(graph).not.toMatch(/\|/);
    // Each dependsOn of every rendered Flux Kustomization is an arrow.
    const ids = new Map([...graph!.matchAll(/(n\d+)\["[^"]*<br\/>([a-z0-9-]+)"\]/g)].map((m) => [m[2]!, m[1]!]));
    expect(ids.size).toBe(11);
    const edges = new Set(
      [...graph!.matchAll(/^ {2}((?:n\d+(?: & )?)+) (-->|-\.->) (n\d+)$/gm)].flatMap((m) => m[1]!.split(' & ').map((from) => `${from}>${m[3]}`)),
    );
    for (const c of model.components) {
      for (const d of c.dependsOn) expect(edges.has(`${ids.get(d.name)}>${ids.get(c.name)}`), `${d.name} → ${c.name}`).toBe(true);
    }
    expect(edges.size).toBe(15);
  });

  it('keeps every fact: features, security notes and dependencies in the component READMEs, capabilities in the map', () => {
    for (const c of model.components) {
      const text = readme(c.name);
      for (const f of [...c.features, ...c.security]) expect(text, `${c.name}: ${f}`).toContain(`- ${f}`);
      for (const d of c.dependsOn) expect(text).toContain(`Waits for [${model.components.find((o) => o.name === d.name)!.spec.title}](../${d.name}/README.md)`);
      for (const cap of c.provides) expect(section(root, 'Integration Points')).toContain(`| \`${cap}\` |`);
    }
    expect(readme('cilium')).toContain(
      '- The objects of [Gateway API](../gateway-api/README.md) (`gateway-api-config`) wait for it: this component declares the namespace `cilium-system`.',
    );
    expect(readme('gateway-api')).toContain(
      '- Its objects (`gateway-api-config`) also wait for [Cilium](../cilium/README.md), which declares the namespace `cilium-system`.',
    );
  });

  it('topic sections carry facts the components contribute, each once', () => {
    expect(section(root, 'Networking')).toContain('LoadBalancer IPs `192.168.1.220`–`192.168.1.239` (pool `lan`)');
    expect(section(root, 'Networking')).toContain('Gateway `cilium-system/main-gateway` (class `cilium`) on `192.168.1.220`');
    expect(section(root, 'Storage')).toContain('StorageClass `longhorn` (cluster default): 3 replicas a volume');
    expect(section(root, 'Storage')).toContain('Volumes: Prometheus 100Gi (`longhorn`), Alertmanager 5Gi (`longhorn`), Grafana 10Gi (`longhorn`)');
    expect(section(root, 'Monitoring')).toContain('Prometheus keeps 30d or 90GB of samples');
    expect(section(root, 'Maintenance')).toContain('Recurring backup `backup-nightly` at `0 3 * * *`, keeping 14');
    expect(section(root, 'Security Considerations')).toContain('Longhorn volumes are not encrypted at rest');
  });

  it('does not copy component troubleshooting into the map', () => {
    expect(root).not.toContain('describe backuptargets.longhorn.io');
    expect(root).not.toContain('port-forward');
    for (const c of model.components) expect(section(root, 'Troubleshooting')).toContain(`(${c.name}/README.md#troubleshooting)`);
  });
});

describe('homelab component READMEs', () => {
  it('put status and troubleshooting first', () => {
    for (const c of model.components) {
      expect(headings(readme(c.name)).slice(0, 2), c.name).toEqual(['Status', 'Troubleshooting']);
    }
  });

  it('find the pods that matter: Longhorn instance managers, operator-made Prometheus pods', () => {
    expect(readme('longhorn')).toContain('kubectl get pods -n longhorn-system -l longhorn.io/component=instance-manager');
    expect(readme('longhorn')).toContain('kubectl get pods -n longhorn-system -l app.kubernetes.io/instance=longhorn');
    expect(readme('kube-prometheus-stack')).toContain('-l app.kubernetes.io/managed-by=prometheus-operator');
    expect(readme('prometheus-operator-crds')).not.toContain('kubectl get pods');
  });

  it('never background a port-forward: it runs in a second terminal', () => {
    for (const c of model.components) expect(readme(c.name), c.name).not.toMatch(/port-forward[^`\n]*&/);
    expect(readme('onepassword-connect')).toContain(
      'in a second terminal, run and keep open `kubectl -n onepassword-system port-forward svc/onepassword-connect 8080:8080`, then:\n\n```bash\ncurl -s localhost:8080/health\n```',
    );
  });

  it('show the values set, structured ones as YAML, and fold the defaults away', () => {
    const text = readme('longhorn');
    expect(text).toContain('| `volumes.replicas` | `3` | `3` |');
    expect(text).toContain('recurringJobs:\n  - { name: snapshot-daily, task: snapshot, cron: 0 1 * * *, retain: 7, concurrency: 1, groups: [ default ] }');
    expect(text).not.toMatch(/\{"/);
    expect(text).toMatch(/<details><summary>10 values left at their defaults<\/summary>\n\n\| Value \| Setting \| Description \|/);
  });
});
