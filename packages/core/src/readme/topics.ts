/**
 * Topic sections of the cluster README (Networking, Storage, …): the facts and diagrams every
 * component contributes to a topic, grouped in the topic's sub-sections, and the cluster's own
 * prose for it (`docs` in cluster.ts).
 */
import { DIAGRAM, mergeDiagrams, renderDiagram, SECURITY_LAYERS, TOPIC_SECTIONS, TOPIC_TITLES, TOPICS, type Diagram, type Topic } from '../docs.js';
import type { ClusterModel } from '../model.js';

interface DiagramView {
  readonly title: string;
  readonly mermaid: string;
  readonly legend: readonly string[];
}

export interface TopicView {
  readonly topic: Topic;
  readonly title: string;
  /** Facts without a sub-section. */
  readonly facts: readonly string[];
  readonly diagrams: readonly DiagramView[];
  /** Sub-sections with facts, in the topic's order. */
  readonly sections: readonly { title: string; facts: readonly string[]; diagrams: readonly DiagramView[] }[];
  readonly prose: readonly { title: string; body: string }[];
  /** Whether anything was contributed. */
  readonly present: boolean;
}

/** Where each shared diagram is drawn: its topic's opening, or one of its sub-sections. */
const DIAGRAM_SECTION: Readonly<Record<string, string>> = { [DIAGRAM.security]: 'Network Security' };

/**
 * The topic sections. A handbook README splits each topic into its sub-sections and draws the
 * security layers; a map keeps every fact in one list and leaves the security diagram out.
 */
export function topicViews(
  model: ClusterModel,
  extraFacts: readonly { topic: Topic; section?: string; facts: readonly string[] }[] = [],
  handbook = model.readme === 'handbook',
): Map<Topic, TopicView> {
  const contributedDiagrams = model.components.flatMap((c) => c.readme.diagrams ?? []).filter((d) => handbook || d.id !== DIAGRAM.security);
  // A diagram none of whose arrows has both ends drawn shows nothing worth a picture (a lone Prometheus).
  const diagrams = mergeDiagrams([...contributedDiagrams, ...(handbook ? podSecurityLayer(model) : [])])
    .map(linkLayers)
    .filter((d) => (d.edges ?? []).some((e) => d.nodes.some((n) => n.id === e.from) && d.nodes.some((n) => n.id === e.to)));
  const contributed = [
    ...model.components.flatMap((c) =>
      (c.readme.topics ?? []).map((t) => ({
        topic: t.topic,
        section: handbook ? (t.section as string | undefined) : undefined,
        facts: t.facts.map((f) => `${f} ([${c.spec.title}](${c.name}/README.md))`),
      })),
    ),
    ...extraFacts,
  ];
  const out = new Map<Topic, TopicView>();
  for (const topic of TOPICS) {
    const mine = contributed.filter((t) => t.topic === topic);
    const drawn = diagrams
      .filter((d) => d.topic === topic)
      .map((d) => ({ id: d.id, view: { title: d.title, ...renderDiagram(d) } }));
    const sections = (TOPIC_SECTIONS[topic] as readonly string[])
      .map((title) => ({
        title,
        facts: mine.filter((t) => t.section === title).flatMap((t) => t.facts),
        diagrams: drawn.filter((d) => DIAGRAM_SECTION[d.id] === title).map((d) => d.view),
      }))
      .filter((s) => s.facts.length + s.diagrams.length > 0);
    const facts = mine.filter((t) => t.section === undefined).flatMap((t) => t.facts);
    const opening = drawn.filter((d) => !sections.some((s) => s.title === DIAGRAM_SECTION[d.id])).map((d) => d.view);
    const prose = model.docs.filter((s) => s.topic === topic).map((s) => ({ title: s.title, body: s.body.trim() }));
    out.set(topic, {
      topic,
      title: TOPIC_TITLES[topic],
      facts,
      diagrams: opening,
      sections,
      prose,
      present: facts.length + opening.length + sections.length + prose.length > 0,
    });
  }
  return out;
}

/**
 * The workload level of the security diagram that every cluster has: Pod Security admission on
 * the namespaces fluxgen declares. Drawn only when a component contributes another layer.
 */
function podSecurityLayer(model: ClusterModel): Diagram[] {
  const contributed = model.components.some((c) => (c.readme.diagrams ?? []).some((d) => d.id === DIAGRAM.security));
  const labelled = model.namespaces.filter((n) => n.owner);
  if (!contributed || labelled.length === 0) return [];
  const levels = [...new Set(labelled.map((n) => n.podSecurity))].sort();
  return [
    {
      id: DIAGRAM.security,
      title: 'Security layers: traffic passes each before it reaches a workload',
      topic: 'security',
      groups: SECURITY_LAYERS.map((l) => ({ id: l.id, label: l.label })),
      nodes: [{ id: 'security:pod-security', label: `Pod Security admission\n(${levels.join(', ')})`, group: 'workload' }],
    },
  ];
}

/** The security diagram's layers in order, each node of a layer pointing at the next layer's first node. */
function linkLayers(d: Diagram): Diagram {
  if (d.id !== DIAGRAM.security) return d;
  const layers = SECURITY_LAYERS.map((l) => d.nodes.filter((n) => n.group === l.id)).filter((nodes) => nodes.length > 0);
  const edges = layers.slice(1).flatMap((next, i) => layers[i]!.map((n) => ({ from: n.id, to: next[0]!.id, kind: 'then' })));
  return { ...d, edges: [...(d.edges ?? []), ...edges], legend: { then: 'traffic that passed this layer meets the next', ...(d.legend ?? {}) } };
}
