/**
 * READMEs v2: what a component declares (topic facts, diagrams, symptoms, health, pods) and what
 * the cluster adds (`docs`) reach the READMEs through core; sections and tables with nothing to
 * show are left out; commands work when pasted.
 */
import { describe, expect, it } from 'vitest';
import { defineCluster, defineComponent, renderCluster, Type, type ComponentInstance } from '../src/index.js';
import { finish } from '../src/readme/markdown.js';
import { problemsOf } from '../src/testing.js';
import { crds, web } from './components.js';
import { loadMermaid, mermaidBlocks } from './mermaid.js';

/** A storage component that declares its README contributions as data. */
const disks = defineComponent({
  name: 'disks',
  title: 'Disks "fast"',
  summary: 'Block storage',
  category: 'storage',
  namespace: 'disks-system',
  chart: { name: 'disks', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  provides: () => ({ 'storage-class': ['fast'] }),
  troubleshooting: (_v, ctx) => [
    { title: 'UI (then open http://localhost:8080)', keepOpen: `kubectl -n ${ctx.namespace} port-forward svc/disks-ui 8080:80`, commands: ['curl -s localhost:8080/healthz'] },
  ],
  readme: (_v, ctx) => ({
    pods: ['app.kubernetes.io/component in (manager,engine)'],
    health: [{ command: `kubectl -n ${ctx.namespace} get disks`, expect: 'every disk Healthy' }],
    symptoms: [{ symptom: 'A PVC of StorageClass `fast` stays Pending', check: 'the disks of the node' }],
    topics: [{ topic: 'storage', facts: ['StorageClass `fast`: 2 replicas'] }],
    diagrams: [
      {
        id: 'storage',
        title: 'Where volumes live',
        topic: 'storage',
        groups: [{ id: ctx.namespace, label: ctx.namespace }],
        nodes: [
          { id: 'storage-class:fast', label: 'StorageClass "fast"', group: ctx.namespace },
          { id: 'nodes', label: 'Node disks' },
        ],
        edges: [
          { from: 'storage-class:fast', to: 'nodes', kind: 'data' },
          { from: 'storage-class:fast', to: 'nowhere', kind: 'data' },
        ],
        legend: { data: 'where the data is stored' },
      },
    ],
  }),
});

/** A second component drawing into the same diagram. */
const backups = defineComponent({
  name: 'backups',
  title: 'Backups',
  summary: 'Copies volumes away',
  category: 'storage',
  namespace: 'disks-system',
  chart: { name: 'backups', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  readme: () => ({
    topics: [{ topic: 'maintenance', facts: ['Backups at `0 3 * * *`'] }],
    diagrams: [
      {
        id: 'storage',
        title: 'ignored: the first contributor names the diagram',
        topic: 'storage',
        nodes: [{ id: 'nas', label: 'NAS' }],
        edges: [{ from: 'nodes', to: 'nas', kind: 'backup' }],
        legend: { backup: 'where backups are copied' },
      },
    ],
  }),
});

const render = (components: readonly ComponentInstance[], extra: Record<string, unknown> = {}) =>
  renderCluster(defineCluster({ name: 'lab', components, ...extra })).files;

describe('component contributions', () => {
  const files = render([disks(), backups(), web()]);
  const root = files.get('README.md')!;
  const section = (title: string) => {
    const start = root.indexOf(`\n## ${title}\n`);
    return start < 0 ? '' : root.slice(start, root.indexOf('\n## ', start + 1));
  };

  it('a topic section comes from a component\'s declared facts, attributed to it', () => {
    expect(section('Storage')).toContain('- StorageClass `fast`: 2 replicas ([Disks "fast"](disks/README.md))');
    expect(section('Maintenance')).toContain('- Backups at `0 3 * * *` ([Backups](backups/README.md))');
    expect(root).not.toContain('## Networking');
    expect(root).not.toContain('[Networking](#networking)');
  });

  it('a diagram comes from the components\' declared nodes and edges, merged by id, escaped, with a legend', () => {
    const [diagram] = mermaidBlocks(section('Storage'));
    expect(diagram!.text).toBe(
      [
        'flowchart LR',
        '  subgraph g1["disks-system"]',
        '    n1["StorageClass #quot;fast#quot;"]',
        '  end',
        '  n2["Node disks"]',
        '  n3["NAS"]',
        '  n1 --> n2',
        '  n2 -.-> n3',
      ].join('\n'),
    );
    expect(section('Storage')).toContain('**Where volumes live.** Arrows: solid: where the data is stored; dotted: where backups are copied.');
  });

  it('escapes titles in the dependency diagram too', () => {
    expect(section('Architecture')).toContain('["Disks #quot;fast#quot;<br/>disks"]');
  });

  it('symptoms lead to their component from the triage table', () => {
    expect(section('Triage')).toContain('| A PVC of StorageClass `fast` stays Pending | [Disks "fast"](disks/README.md) | the disks of the node |');
    expect(root.indexOf('## Triage')).toBeLessThan(root.indexOf('## Overview'));
  });

  it('declared pods and health checks open the component README; selectors are quoted for the shell', () => {
    const readme = files.get('disks/README.md')!;
    expect(readme).toMatch(/## Status\n\n```bash\n/);
    expect(readme).toContain("kubectl get pods -n disks-system -l 'app.kubernetes.io/component in (manager,engine)'");
    expect(readme).toMatch(/kubectl -n disks-system get disks +# every disk Healthy/);
    expect(readme).toContain('| A PVC of StorageClass `fast` stays Pending | the disks of the node |');
  });

  it('a port-forward is run in a second terminal, never backgrounded', () => {
    const readme = files.get('disks/README.md')!;
    expect(readme).toContain(
      '**UI (then open http://localhost:8080)**: in a second terminal, run and keep open `kubectl -n disks-system port-forward svc/disks-ui 8080:80`, then:\n\n```bash\ncurl -s localhost:8080/healthz\n```',
    );
    for (const [path, text] of files) {
      if (path.endsWith('.md')) expect(text, path).not.toMatch(/[^&]&\s*($|\n)|[^&]& [^&]/);
    }
  });

  it('the diagrams parse with mermaid', async () => {
    const { parse, reason } = await loadMermaid();
    if (!parse) {
      console.warn(`SKIP: mermaid parser not available (${reason})`);
      return;
    }
    for (const b of mermaidBlocks(root)) await expect(parse(b.text)).resolves.toBeTruthy();
  });
});

describe('cluster docs', () => {
  it('puts prose from cluster.ts in its topic section, or in a section of its own listed in the contents', () => {
    const root = render([disks()], {
      docs: [
        { title: 'NAS', body: 'The NAS is `nas.home.arpa`; its admin is Alice.', topic: 'storage' },
        { title: 'On call', body: 'Page #infra first.' },
      ],
    }).get('README.md')!;
    expect(root).toMatch(/## Storage\n[\s\S]*### NAS\n\nThe NAS is `nas.home.arpa`; its admin is Alice\.\n[\s\S]*## Integration Points/);
    expect(root).toContain('## On call\n\nPage #infra first.\n');
    expect(root).toContain('[On call](#on-call)');
  });

  it('rejects a topic that does not exist', () => {
    expect(() => render([disks()], { docs: [{ title: 'x', body: 'y', topic: 'weather' }] })).toThrow(/docs\[0\]\.topic/);
  });

  it('rejects an empty body and a heading on several lines, as cluster errors', () => {
    for (const docs of [[{ title: 'x', body: '  \n' }], [{ title: 'a\nb', body: 'y' }]]) {
      expect(problemsOf(() => render([disks()], { docs })).codes).toEqual(['CLUSTER_INVALID']);
    }
  });
});

describe('nothing empty', () => {
  it('a one-component cluster: singular words, no empty section, table or contents entry', () => {
    const root = render([web()]).get('README.md')!;
    expect(root).toContain('1 component in 1 Flux Kustomization');
    for (const absent of ['Integration Points', 'Next Steps', 'Networking', 'Storage', 'Monitoring', 'Service Mesh']) {
      expect(root, absent).not.toContain(`## ${absent}`);
      expect(root, absent).not.toContain(`](#${absent.toLowerCase().replace(/ /g, '-')})`);
    }
    expect(root).not.toMatch(/\|---(\|---)*\|\n\n/);
    expect(root).toContain('[← Back to the Flux README](../README.md)');
  });

  it('the contents list every section present, and only those', () => {
    const root = render([web({ needs: ['crd:example.com'] }), crds()]).get('README.md')!;
    const headings = [...root.matchAll(/^## (.+)$/gm)].map((m) => m[1]!).filter((h) => h !== 'Table of Contents');
    const toc = root.split('\n').find((l) => l.startsWith('[Triage]'))!;
    expect(toc.split(' · ').map((l) => /^\[(.+)\]/.exec(l)![1])).toEqual(headings);
  });

  it('the finishing pass refuses an empty section and a table without rows', () => {
    expect(() => finish('# T\n\n## A\n\n## B\n\ntext\n', 'x.md')).toThrow('x.md: empty section "A"');
    expect(() => finish('# T\n\n## A\n\n| a |\n|---|\n\n## B\n\ntext\n', 'x.md')).toThrow('table without rows');
  });

  it('the finishing pass: blank lines, fences, the last section, the contents', () => {
    // Three or more line breaks become one blank line; the text ends with exactly one.
    expect(finish('# T\n\n\n\n## A\n\ntext\n\n\n', 'x.md')).toBe('# T\n\n## A\n\ntext\n');
    // Inside a fence, `#` and `|---|` lines are code: no section, no table.
    expect(finish('# T\n\n## A\n\n```\n## not a section\n|---|\n```\n', 'x.md')).toBe('# T\n\n## A\n\n```\n## not a section\n|---|\n```\n');
    // A heading on the last line, or followed by blank lines only, is an empty section.
    expect(() => finish('# T\n\n## A\n\ntext\n\n## B', 'x.md')).toThrow('x.md: empty section "B"');
    expect(() => finish('# T\n\n## A\n\ntext\n\n## B\n   \n\t\n', 'x.md')).toThrow('x.md: empty section "B"');
    // A section holding only a subsection is not empty; the subsection is checked on its own.
    expect(() => finish('# T\n\n## A\n### A1\n\ntext\n', 'x.md')).not.toThrow();
    expect(() => finish('# T\n\n## A\n### A1\n\n## B\n\ntext\n', 'x.md')).toThrow('x.md: empty section "A1"');
    // The table's rule, by line (0-based), and a table at the very end.
    expect(() => finish('# T\n\n## A\n\n| a |\n|---|', 'x.md')).toThrow('x.md: table without rows after line 5');
    expect(finish('# T\n\n## A\n\n| a |\n|---|\n| 1 |\n', 'x.md')).toBe('# T\n\n## A\n\n| a |\n|---|\n| 1 |\n');
    // The contents: every `##` section but the contents' own, in order, with GitHub's anchors.
    expect(finish('# T\n\n## Table of Contents\n\n<!-- toc -->\n\n## A b\n\nx\n\n## A b\n\ny\n\n## C.d\n\nz\n', 'x.md')).toBe(
      '# T\n\n## Table of Contents\n\n[A b](#a-b) · [A b](#a-b-1) · [C.d](#cd)\n\n## A b\n\nx\n\n## A b\n\ny\n\n## C.d\n\nz\n',
    );
  });
});
