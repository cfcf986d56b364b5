/**
 * What a component contributes to the generated READMEs, as data: the checks that say it is
 * healthy, the symptoms that point at it, its facts for the cluster's topic sections, and its
 * diagrams. Core renders all of it (Markdown, Mermaid with escaping); a component never writes
 * README text of its own beyond these facts.
 */

/** The cluster README's topic sections, in the order they appear. */
export const TOPICS = ['networking', 'storage', 'monitoring', 'service-mesh', 'security', 'maintenance'] as const;
export type Topic = (typeof TOPICS)[number];

/** Heading of each topic section. */
export const TOPIC_TITLES: Record<Topic, string> = {
  networking: 'Networking',
  storage: 'Storage',
  monitoring: 'Monitoring',
  'service-mesh': 'Service Mesh',
  security: 'Security Considerations',
  maintenance: 'Maintenance',
};

/**
 * The sub-sections a topic's facts can go in (`section` of {@link TopicFacts}), in the order they
 * appear. Facts without a section open the topic.
 */
export const TOPIC_SECTIONS = {
  networking: ['Network Policies', 'Load Balancing', 'Ingress', 'DNS'],
  storage: ['Storage Classes', 'Volume Snapshots'],
  monitoring: ['Metrics', 'Logs', 'Traces', 'Dashboards'],
  'service-mesh': ['Traffic', 'Observability'],
  security: ['Network Security', 'Certificate Management', 'Access Control'],
  maintenance: ['Automated Updates', 'Backup and Recovery', 'Scaling'],
} as const satisfies Record<Topic, readonly string[]>;
export type TopicSection<T extends Topic = Topic> = (typeof TOPIC_SECTIONS)[T][number];

/**
 * A troubleshooting step: a title and commands that work when pasted one after the other.
 * A command that must keep running (a `kubectl port-forward`) is never backgrounded with `&`:
 * give it as `keepOpen`, and the README tells the reader to run it in a second terminal first.
 */
export interface TroubleshootingStep {
  readonly title: string;
  readonly commands: readonly string[];
  /** A long-running command the `commands` need (a port-forward), run in its own terminal first. */
  readonly keepOpen?: string;
}

/** A health check: what to run, and what a healthy cluster answers. */
export interface HealthCheck {
  /** The command (one line, pasteable). */
  readonly command: string;
  /** What good looks like, in words (`every node Ready`, `the backup target is AVAILABLE`). */
  readonly expect: string;
}

/** A symptom an operator sees, and where to look first. */
export interface Symptom {
  /** What is seen (`PVCs stay Pending`), phrased from the operator's side. */
  readonly symptom: string;
  /** What to check first, in words. */
  readonly check: string;
}

/** Facts a component contributes to one topic section of the cluster README. */
export type TopicFacts = {
  [T in Topic]: {
    readonly topic: T;
    /** The sub-section of the topic they go in (`DNS` under Networking). @default the topic's opening */
    readonly section?: TopicSection<T>;
    /** One fact a line, Markdown inline (code spans for names). */
    readonly facts: readonly string[];
  };
}[Topic];

/** A node of a contributed diagram. `id` is local to the diagram and shared by every contributor. */
export interface DiagramNode {
  readonly id: string;
  /** Shown text; core escapes it. A line break is `\n`. */
  readonly label: string;
  /** Id of the group (subgraph) it sits in. */
  readonly group?: string;
}

/** An arrow between two nodes. Its `kind` picks the arrow style, explained once in the legend. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** A key of the diagram's `legend`. @default the legend's first key */
  readonly kind?: string;
}

/**
 * A diagram as data. Diagrams with the same `id` from several components are merged: nodes and
 * groups by id (first declaration wins), edges added. An edge whose ends nobody declared is left
 * out (e.g. a ServiceMonitor edge to a Prometheus the cluster does not run).
 */
export interface Diagram {
  /** Shared by every component contributing to this diagram (`monitoring`). */
  readonly id: string;
  readonly title: string;
  /** The topic section it is drawn in. */
  readonly topic: Topic;
  readonly groups?: readonly { readonly id: string; readonly label: string }[];
  readonly nodes: readonly DiagramNode[];
  readonly edges?: readonly DiagramEdge[];
  /** Arrow kinds and what they mean, in order: solid, dotted, thick. At most three. */
  readonly legend?: Readonly<Record<string, string>>;
}

/** The docs group of a component spec: everything it contributes to READMEs besides its features. */
export interface ComponentReadme {
  /**
   * Label selectors of the pods that matter when something is wrong, each used in `kubectl get
   * pods` and `kubectl logs`. @default `app.kubernetes.io/instance=<release>` for a chart, none for Git
   */
  readonly pods?: readonly string[];
  readonly health?: readonly HealthCheck[];
  readonly symptoms?: readonly Symptom[];
  readonly topics?: readonly TopicFacts[];
  readonly diagrams?: readonly Diagram[];
}

/** A section of prose the cluster adds to its README (`docs` in cluster.ts). */
export interface ClusterDocSection {
  readonly title: string;
  /** Markdown. */
  readonly body: string;
  /** Put it inside this topic section instead of a section of its own. */
  readonly topic?: Topic;
}

/** Ids shared by the diagrams several components draw into. */
export const DIAGRAM = {
  /** `monitoring`: what Prometheus scrapes; the Prometheus node is `prometheus`. */
  monitoring: 'monitoring',
  /** `ingress`: LAN → LoadBalancer IPs (`cilium-lb`) → Gateways (`gateway:<ns>/<name>`) → published hosts. */
  ingress: 'ingress',
  /** `storage`: StorageClasses (`storage-class:<name>`), what uses them, where backups go. */
  storage: 'storage',
  /** `telemetry`: how logs and traces travel: collectors → stores (`telemetry:loki`, `telemetry:tempo`, `telemetry:prometheus`) → Grafana. */
  telemetry: 'telemetry',
  /** `mesh`: the service mesh's control plane, data plane and what they send telemetry to. */
  mesh: 'mesh',
  /** `security`: the security layers (groups `cluster`, `mesh`, `workload`), drawn under Security. */
  security: 'security',
} as const;

/** Where a node of the `telemetry` diagram sits: what collects, what stores, what shows. */
export type TelemetryStage = 'collect' | 'store' | 'view';

/**
 * A piece of the `telemetry` diagram (Monitoring section): nodes at a stage, and the logs,
 * traces or queries that leave them. Node ids are shared: `telemetry:<component>`.
 */
export function telemetryPiece(
  nodes: readonly { readonly id: string; readonly label: string; readonly stage: TelemetryStage }[],
  edges: readonly { readonly from: string; readonly to: string; readonly kind: 'logs' | 'traces' | 'queries' }[] = [],
): Diagram {
  return {
    id: DIAGRAM.telemetry,
    title: 'Logs and traces: what collects them, what stores them, what shows them',
    topic: 'monitoring',
    groups: [
      { id: 'collect', label: 'Collection' },
      { id: 'store', label: 'Storage' },
      { id: 'view', label: 'Visualization' },
    ],
    nodes: nodes.map((n) => ({ id: `telemetry:${n.id}`, label: n.label, group: n.stage })),
    edges: edges.map((e) => ({ from: `telemetry:${e.from}`, to: `telemetry:${e.to}`, kind: e.kind })),
    legend: { logs: 'logs', traces: 'traces', queries: 'queried by' },
  };
}

/** The layers of the `security` diagram, outermost first; core links each layer to the next. */
export const SECURITY_LAYERS = [
  { id: 'cluster', label: 'Cluster level' },
  { id: 'mesh', label: 'Service mesh level' },
  { id: 'workload', label: 'Workload level' },
] as const;
export type SecurityLayer = (typeof SECURITY_LAYERS)[number]['id'];

/** A control a component adds to one layer of the `security` diagram (`Cilium NetworkPolicies`). */
export function securityLayer(layer: SecurityLayer, id: string, label: string): Diagram {
  return {
    id: DIAGRAM.security,
    title: 'Security layers: traffic passes each before it reaches a workload',
    topic: 'security',
    groups: SECURITY_LAYERS.map((l) => ({ id: l.id, label: l.label })),
    nodes: [{ id: `security:${id}`, label, group: layer }],
  };
}

/** The piece of the `monitoring` diagram that says Prometheus scrapes a component's metrics. */
export function scrapedBy(id: string, label: string, namespace: string): Diagram {
  return {
    id: DIAGRAM.monitoring,
    title: 'What Prometheus scrapes, and where alerts and dashboards go',
    topic: 'monitoring',
    groups: [{ id: namespace, label: namespace }],
    nodes: [{ id: `target:${id}`, label, group: namespace }],
    edges: [{ from: `target:${id}`, to: 'prometheus', kind: 'scrape' }],
    legend: { scrape: 'metrics scraped by Prometheus (ServiceMonitor)' },
  };
}

/** The node id of a StorageClass in the `storage` diagram. */
export const storageClassNode = (name: string) => `storage-class:${name}`;

/** The node id of a Gateway in the `ingress` diagram. */
export const gatewayNode = (namespace: string, name: string) => `gateway:${namespace}/${name}`;

// ---------------------------------------------------------------------------------------------
// Mermaid

const ARROWS = ['-->', '-.->', '==>'] as const;
const ARROW_WORDS = ['solid', 'dotted', 'thick'] as const;

/**
 * Escapes text for a quoted Mermaid label (`["…"]`): quotes, angle brackets, `#`, `&` and
 * backticks become Mermaid entity codes, so no title can end the label or start markup.
 * Line breaks become `<br/>`.
 */
export function mermaidLabel(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/#/g, '#35;')
        .replace(/&/g, '#38;')
        .replace(/"/g, '#quot;')
        .replace(/</g, '#lt;')
        .replace(/>/g, '#gt;')
        .replace(/`/g, '#96;')
        .replace(/\|/g, '#124;'),
    )
    .join('<br/>');
}

/** A diagram in Mermaid, and one legend entry per arrow kind it uses (`solid: …`). */
export interface RenderedDiagram {
  readonly mermaid: string;
  readonly legend: readonly string[];
}

/**
 * Renders a diagram to Mermaid: one subgraph per group, node ids generated (`n1`, `g1`, …) so no
 * declared id can clash with Mermaid keywords, every label escaped, and one arrow style per edge
 * kind instead of a label on every edge.
 */
export function renderDiagram(d: Diagram): RenderedDiagram {
  const kinds = Object.keys(d.legend ?? {});
  if (kinds.length > ARROWS.length) throw new Error(`diagram ${d.id}: at most ${ARROWS.length} edge kinds`);
  const nodeIds = new Map(d.nodes.map((n, i) => [n.id, `n${i + 1}`]));
  const groupIds = new Map((d.groups ?? []).map((g, i) => [g.id, `g${i + 1}`]));
  const lines = ['flowchart LR'];
  const node = (n: DiagramNode, indent: string) => `${indent}${nodeIds.get(n.id)}["${mermaidLabel(n.label)}"]`;
  for (const g of d.groups ?? []) {
    const members = d.nodes.filter((n) => n.group === g.id);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${groupIds.get(g.id)}["${mermaidLabel(g.label)}"]`);
    for (const n of members) lines.push(node(n, '    '));
    lines.push('  end');
  }
  for (const n of d.nodes.filter((n) => n.group === undefined || !groupIds.has(n.group))) lines.push(node(n, '  '));
  // One line per target and arrow kind: `n1 & n2 --> n3`, sources in declaration order.
  const byTarget = new Map<string, { arrow: number; to: string; from: string[] }>();
  const used = new Set<number>();
  for (const e of d.edges ?? []) {
    const from = nodeIds.get(e.from);
    const to = nodeIds.get(e.to);
    if (!from || !to) continue;
    const k = Math.max(0, e.kind === undefined ? 0 : kinds.indexOf(e.kind));
    const key = `${k} ${to}`;
    const entry = byTarget.get(key) ?? { arrow: k, to, from: [] };
    if (!entry.from.includes(from)) entry.from.push(from);
    byTarget.set(key, entry);
    used.add(k);
  }
  for (const e of byTarget.values()) lines.push(`  ${e.from.join(' & ')} ${ARROWS[e.arrow]} ${e.to}`);
  const legend = kinds
    .map((kind, i) => (used.has(i) ? `${ARROW_WORDS[i]}: ${d.legend![kind]}` : undefined))
    .filter((l): l is string => l !== undefined);
  return { mermaid: lines.join('\n'), legend };
}

/** Merges the diagrams of several components by id, in contribution order. */
export function mergeDiagrams(diagrams: readonly Diagram[]): Diagram[] {
  const byId = new Map<string, Diagram>();
  for (const d of diagrams) {
    const prev = byId.get(d.id);
    if (!prev) {
      byId.set(d.id, d);
      continue;
    }
    const nodes = [...prev.nodes, ...d.nodes.filter((n) => !prev.nodes.some((p) => p.id === n.id))];
    const groups = [...(prev.groups ?? []), ...(d.groups ?? []).filter((g) => !(prev.groups ?? []).some((p) => p.id === g.id))];
    byId.set(d.id, {
      ...prev,
      groups,
      nodes,
      edges: [...(prev.edges ?? []), ...(d.edges ?? [])],
      legend: { ...(prev.legend ?? {}), ...Object.fromEntries(Object.entries(d.legend ?? {}).filter(([k]) => !(k in (prev.legend ?? {})))) },
    });
  }
  return [...byId.values()];
}
