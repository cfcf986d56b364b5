/**
 * Topic sections of the cluster README (Networking, Storage, …): the facts and diagrams every
 * component contributes to a topic, and the cluster's own prose for it (`docs` in cluster.ts).
 */
import { mergeDiagrams, renderDiagram, TOPIC_TITLES, TOPICS, type Topic } from '../docs.js';
import type { ClusterModel } from '../model.js';

export interface TopicView {
  readonly topic: Topic;
  readonly title: string;
  readonly facts: readonly string[];
  readonly diagrams: readonly { title: string; mermaid: string; legend: readonly string[] }[];
  readonly prose: readonly { title: string; body: string }[];
  /** Whether anything was contributed. */
  readonly present: boolean;
}

export function topicViews(model: ClusterModel): Map<Topic, TopicView> {
  const diagrams = mergeDiagrams(model.components.flatMap((c) => c.readme.diagrams ?? []));
  const out = new Map<Topic, TopicView>();
  for (const topic of TOPICS) {
    const facts = model.components.flatMap((c) =>
      (c.readme.topics ?? [])
        .filter((t) => t.topic === topic)
        .flatMap((t) => t.facts.map((f) => `${f} ([${c.spec.title}](${c.name}/README.md))`)),
    );
    const drawn = diagrams
      .filter((d) => d.topic === topic)
      .map((d) => ({ title: d.title, ...renderDiagram(d) }));
    const prose = model.docs.filter((s) => s.topic === topic).map((s) => ({ title: s.title, body: s.body.trim() }));
    out.set(topic, {
      topic,
      title: TOPIC_TITLES[topic],
      facts,
      diagrams: drawn,
      prose,
      present: facts.length + drawn.length + prose.length > 0,
    });
  }
  return out;
}
