/** The view of the cluster README: a map of the layer, triage first, facts once. */
import type { Capability } from '../capability.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { clusterHealth, diagnostics, triageCommands } from './commands.js';
import { commentedBlock } from './component.js';
import { dependencyDiagram } from './graph.js';
import type { ComponentLayout } from './layout.js';
import { cell, code, count, inlineValue, originOf } from './markdown.js';
import { topicViews } from './topics.js';
import { CATEGORY_ORDER, CATEGORY_TITLES, LEVEL_MEANING, listWords } from './words.js';
import type { Category } from '../component.js';
import type { Topic } from '../docs.js';

export function clusterView(model: ClusterModel, layouts: ReadonlyMap<string, ComponentLayout>) {
  const units = model.components.flatMap((c) => layouts.get(c.name)!.units);
  const link = (name: string) => {
    const c = model.components.find((x) => x.name === name);
    return c ? `[${c.spec.title}](${name}/README.md)` : name;
  };
  const categories = CATEGORY_ORDER.map((category) => ({
    category,
    title: CATEGORY_TITLES[category],
    components: model.components.filter((c) => c.spec.category === category),
  })).filter((g) => g.components.length > 0);
  const secrets = model.components.flatMap((c) => c.secrets.map((s) => ({ ...s, origin: originOf(s), consumer: c.name })));
  const handbook = model.readme === 'handbook';
  const topics = topicViews(model, handbook ? operationsFacts(model) : []);
  const graph = dependencyDiagram(model, layouts);
  const detail = (c: ComponentModel) => componentDetail(c, layouts.get(c.name)!);
  // Handbook: one section per category, holding its components and the topic of the same subject.
  // Map: the topics only.
  const sections = (handbook ? categories : [])
    .filter((g) => !CATEGORY_TOPIC_ONLY.includes(g.category))
    .map((g) => {
      const topic = CATEGORY_TOPIC[g.category];
      const view = topic ? topics.get(topic)! : undefined;
      return { title: view?.title ?? g.title, components: g.components.map(detail), topic: view ?? EMPTY_TOPIC };
    });
  const covered = new Set(handbook ? categories.map((g) => CATEGORY_TOPIC[g.category]) : []);
  const orphanTopics = (['networking', 'storage', 'monitoring', 'service-mesh'] as const).filter((t) => !covered.has(t)).map((t) => topics.get(t)!).filter((t) => t.present);
  return {
    model,
    description: model.description ?? '',
    summary: `${count(model.components.length, 'component')} in ${count(units.length, 'Flux Kustomization')}`,
    triage: triageCommands().join('\n'),
    overview: categories.map((g) => ({ title: g.title, names: g.components.map((c) => c.spec.title).join(', ') })),
    namespaceOverview: [...new Set(model.components.map((c) => c.namespace))].map((ns) => ({
      name: ns,
      components: listWords(model.components.filter((c) => c.namespace === ns).map((c) => c.spec.title)),
    })),
    sections: [...sections, ...orphanTopics.map((t) => ({ title: t.title, components: [], topic: t }))],
    securityComponents: handbook ? categories.filter((g) => g.category === 'security').flatMap((g) => g.components.map(detail)) : [],
    handbook,
    maintenanceTitle: handbook ? 'Maintenance and Operations' : topics.get('maintenance')!.title,
    symptoms: model.components.flatMap((c) =>
      (c.readme.symptoms ?? []).map((s) => ({ symptom: cell(s.symptom), component: link(c.name), check: cell(s.check) })),
    ),
    componentDiagnostics: (handbook ? model.components : [])
      .filter((c) => (c.readme.health ?? []).length > 0)
      .map((c) => ({ name: c.name, block: commentedBlock((c.readme.health ?? []).map((h) => ({ command: h.command, comment: h.expect }))) })),
    components: categories.flatMap((g) =>
      g.components.map((c) => ({
        link: link(c.name),
        summary: cell(c.spec.summary),
        namespace: c.namespace,
        version: c.source.version,
      })),
    ),
    graph,
    // Components and the cluster's own units (shared sources, cluster objects), in apply order.
    order: model.graph.order
      .filter((n) => model.components.some((c) => c.name === n) || model.clusterUnits.some((u) => u.name === n))
      .map((name, i) => ({ step: i + 1, name })),
    clusterUnits: model.clusterUnits.map((u) => ({
      name: u.name,
      title: u.title,
      after: u.dependsOn.length > 0 ? `after ${u.dependsOn.map((d) => code(d.name)).join(', ')}` : 'first',
      files: `${u.name}/app/`,
    })),
    external: model.external.map((cap) => ({ cap, users: usersOf(model, cap).join(', ') || 'nothing yet' })),
    security: topics.get('security')!,
    maintenance: topics.get('maintenance')!,
    integrations: integrations(model, link),
    namespaces: model.namespaces.map((n) => ({
      name: n.name,
      level: n.owner ? code(n.podSecurity) : `not labelled (the cluster's own; needs ${code(n.podSecurity)})`,
      why: LEVEL_MEANING[n.podSecurity],
      requiredBy: model.components
        .filter((c) => c.namespace === n.name && c.podSecurity === n.podSecurity)
        .map((c) => c.name)
        .join(', '),
    })),
    secrets: secrets.map((s) => ({ ...s, purpose: cell(s.purpose), keys: s.keys.map(code).join(', ') })),
    handMade: secrets
      .filter((s) => model.external.includes(`secret:${s.namespace}/${s.name}`))
      .map((s) => createSecretCommand(s)),
    releasePolicy: releasePolicy(model),
    diagnostics: commentedBlock(diagnostics().map((h) => ({ command: h.command, comment: h.expect }))),
    runbooks: model.components.map((c) => `[${c.name}](${c.name}/README.md#troubleshooting)`).join(', '),
    health: commentedBlock(
      clusterHealth(model).map((h) => ({
        command: h.command,
        comment: h.expect,
      })),
    ),
    nextSteps: nextSteps(model, layouts),
    prose: model.docs.filter((s) => s.topic === undefined).map((s) => ({ title: s.title, body: s.body.trim() })),
    resources: uniqueLinks(model),
  };
}

function usersOf(model: ClusterModel, cap: string): string[] {
  return model.components.filter((c) => [...c.needs, ...c.configNeeds].includes(cap as Capability)).map((c) => c.name);
}

/** Who provides each CRD group, StorageClass and ConfigMap, and who uses it. Secrets are listed once, under Security. */
function integrations(model: ClusterModel, link: (name: string) => string) {
  return model.components.flatMap((c) =>
    c.provides
      .filter((cap) => !cap.startsWith('secret:') && !cap.startsWith('namespace:'))
      .map((cap) => ({
        cap,
        provider: link(c.name),
        users: usersOf(model, cap).map(link).join(', ') || 'workloads',
      })),
  );
}

/** The kubectl command that creates a hand-made Secret with the keys its consumer reads. */
function createSecretCommand(s: { name: string; namespace: string; keys: readonly string[] }): string {
  const create = `kubectl -n ${s.namespace} create secret`;
  if (s.keys.length === 2 && s.keys.includes('tls.crt') && s.keys.includes('tls.key')) {
    return `${create} tls ${s.name} --cert=./tls.crt --key=./tls.key`;
  }
  // A key that looks like a file name holds a file's content.
  const args = s.keys.map((k) => (/\.[a-z]+$/.test(k) ? `--from-file=${k}=./${k}` : `--from-literal=${k}=…`));
  return `${create} generic ${s.name} ${args.join(' ')}`;
}

function releasePolicy(model: ClusterModel): string {
  const r = model.release;
  const install = r.install?.remediation?.retries;
  const upgrade = r.upgrade?.remediation;
  return [
    `every HelmRelease reconciles every ${r.interval}`,
    install !== undefined ? `retries a failed install ${install} times` : undefined,
    upgrade
      ? `retries a failed upgrade ${upgrade.retries} times, then ${upgrade.strategy === 'uninstall' ? 'uninstalls it' : 'rolls it back'}`
      : undefined,
    r.upgrade?.cleanupOnFail ? 'removes what a failed upgrade created' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** What an apps layer can build on: the unit to depend on for each capability this layer offers. */
function nextSteps(model: ClusterModel, layouts: ReadonlyMap<string, ComponentLayout>): { unit: string; offers: string }[] {
  return model.components
    .map((c) => {
      const offers = c.provides.filter((p) => !p.startsWith('namespace:'));
      const units = layouts.get(c.name)!.units;
      const unit = units[units.length - 1]?.name ?? c.name;
      return { unit, offers: offers.map(code).join(', ') };
    })
    .filter((s) => s.offers !== '');
}

function uniqueLinks(model: ClusterModel): { title: string; url: string }[] {
  const seen = new Set<string>();
  const links = [
    { title: 'Flux documentation', url: 'https://fluxcd.io/flux/' },
    ...model.components.flatMap((c) => c.spec.docs.slice(0, 1).map((d) => ({ title: `${c.spec.title}: ${d.title}`, url: d.url }))),
  ];
  return links.filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/** The topic each category's section shares its heading and facts with. */
const CATEGORY_TOPIC: Partial<Record<Category, Topic>> = {
  networking: 'networking',
  storage: 'storage',
  observability: 'monitoring',
  'service-mesh': 'service-mesh',
};
/** Categories drawn inside another section (security components open Security Considerations). */
const CATEGORY_TOPIC_ONLY: readonly Category[] = ['security'];
const EMPTY_TOPIC = { facts: [], diagrams: [], sections: [], prose: [] };

/** A component in the cluster README: where it lives, what it does, what the cluster set and what was derived. */
function componentDetail(c: ComponentModel, layout: ComponentLayout) {
  const rows = settings(c.input);
  return {
    title: c.spec.title,
    name: c.name,
    location: `[\`${c.name}/\`](${c.name}/)`,
    units: layout.units.map((u) => code(u.name)).join(', '),
    namespace: c.namespace,
    version: c.source.version,
    features: c.features,
    settings: rows.slice(0, MAX_SETTINGS),
    moreSettings: rows.length > MAX_SETTINGS ? `… and ${count(rows.length - MAX_SETTINGS, 'more value')}: see [its README](${c.name}/README.md#configuration) and \`cluster.ts\`` : '',
    derived: c.derived.map((d) => `\`${d.helmPath}: ${String(d.value)}\`, because of ${d.from.component}${d.from.path ? ` (\`${d.from.path}\`)` : ''}: ${d.reason}`),
  };
}

const MAX_SETTINGS = 24;

/** The values the cluster set for a component, one row per leaf (lists of plain values stay whole). */
function settings(input: Readonly<Record<string, unknown>>): { path: string; value: string }[] {
  return leaves(input, '').map((r) => ({ path: code(r.path), value: inlineValue(r.value) }));
}

function leaves(value: unknown, path: string): { path: string; value: unknown }[] {
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) return value.flatMap((item, i) => leaves(item, at(i)));
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (Object.keys(value).length > 0 || path === '')) {
    return Object.entries(value).filter(([, v]) => v !== undefined).flatMap(([key, v]) => leaves(v, at(key)));
  }
  return [{ path, value }];
}

/**
 * Facts of the Maintenance and Operations section that come from the model as a whole: how pins
 * are updated, and what restores the layer.
 */
function operationsFacts(model: ClusterModel): { topic: Topic; section?: string; facts: readonly string[] }[] {
  const pins = model.components.map(
    (c) => `${code(c.name)}: ${c.source.chart ? `chart ${code(c.source.chartName ?? c.name)}` : 'Git tag'} ${code(c.source.version)} from ${c.source.url} (${c.source.kind})`,
  );
  return [
    {
      topic: 'maintenance',
      section: 'Automated Updates',
      facts: [
        'Renovate finds every pin through the annotation next to it in the component package (`packages/<component>/src`), and opens a pull request that changes the pin only',
        'CI on that branch pulls the new chart version\'s data (`fluxgen chart pull`), regenerates this tree and commits it back; the pull request then shows the chart-diff report and the changed manifests for review',
        'Flux applies the merged change in dependency order (see [Dependencies](#dependencies)); a failed upgrade is remediated as the first point of this section says',
        ...pins,
      ],
    },
    {
      topic: 'maintenance',
      section: 'Backup and Recovery',
      facts: [
        `Configuration: this tree and \`cluster.ts\` in Git are the layer's backup; bootstrapping Flux on a new cluster with \`--path=${model.dir}/flux\` rebuilds it in dependency order`,
      ],
    },
  ];
}
