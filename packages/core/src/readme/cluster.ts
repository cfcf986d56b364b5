/** The view of the cluster README: a map of the layer, triage first, facts once. */
import type { Capability } from '../capability.js';
import type { ClusterModel } from '../model.js';
import { clusterHealth, diagnostics, triageCommands } from './commands.js';
import { commentedBlock } from './component.js';
import { dependencyDiagram } from './graph.js';
import type { ComponentLayout } from './layout.js';
import { cell, code, count, originOf } from './markdown.js';
import { topicViews } from './topics.js';
import { CATEGORY_ORDER, CATEGORY_TITLES, LEVEL_MEANING } from './words.js';

export function clusterView(model: ClusterModel, layouts: ReadonlyMap<string, ComponentLayout>) {
  const units = model.components.flatMap((c) => layouts.get(c.name)!.units);
  const link = (name: string) => {
    const c = model.components.find((x) => x.name === name);
    return c ? `[${c.spec.title}](${name}/README.md)` : name;
  };
  const categories = CATEGORY_ORDER.map((category) => ({
    title: CATEGORY_TITLES[category],
    components: model.components.filter((c) => c.spec.category === category),
  })).filter((g) => g.components.length > 0);
  const secrets = model.components.flatMap((c) => c.secrets.map((s) => ({ ...s, origin: originOf(s), consumer: c.name })));
  const topics = topicViews(model);
  const graph = dependencyDiagram(model, layouts);
  return {
    model,
    description: model.description ?? '',
    summary: `${count(model.components.length, 'component')} in ${count(units.length, 'Flux Kustomization')}`,
    triage: triageCommands().join('\n'),
    symptoms: model.components.flatMap((c) =>
      (c.readme.symptoms ?? []).map((s) => ({ symptom: cell(s.symptom), component: link(c.name), check: cell(s.check) })),
    ),
    overview: categories.map((g) => ({ title: g.title, names: g.components.map((c) => c.spec.title).join(', ') })),
    components: categories.flatMap((g) =>
      g.components.map((c) => ({
        link: link(c.name),
        summary: cell(c.spec.summary),
        namespace: c.namespace,
        version: c.source.version,
      })),
    ),
    graph,
    order: model.components.map((c, i) => ({ step: i + 1, name: c.name, after: c.dependsOn.map((d) => d.name) })),
    external: model.external.map((cap) => ({ cap, users: usersOf(model, cap).join(', ') || 'nothing yet' })),
    topics: (['networking', 'storage', 'monitoring', 'service-mesh'] as const).map((t) => topics.get(t)!).filter((t) => t.present),
    security: topics.get('security')!,
    maintenance: topics.get('maintenance')!,
    integrations: integrations(model, link),
    namespaces: model.namespaces.map((n) => ({
      name: n.name,
      level: n.owner ? code(n.podSecurity) : `not labelled (the cluster's own; needs ${code(n.podSecurity)})`,
      why: LEVEL_MEANING[n.podSecurity],
      requiredBy: model.components
        .filter((c) => c.namespace === n.name && (c.spec.podSecurity ?? 'baseline') === n.podSecurity)
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
