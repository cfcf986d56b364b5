/**
 * README rendering: Handlebars templates (Markdown only) over the same model the manifests come
 * from, so tables, graphs and commands cannot drift from what is deployed. Prose that is the same
 * for every cluster lives in the templates; every fact comes from here.
 */
import { acknowledgementsOf } from './checks/chart-values.js';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { TSchema } from '@sinclair/typebox';
import type { Capability } from './capability.js';
import type { Category } from './component.js';
import { appObjects, configObjects, sourceObjects } from './manifests.js';
import type { ClusterModel, ComponentModel } from './model.js';
import { toYaml } from './yaml.js';

const CATEGORY_TITLES: Record<Category, string> = {
  core: 'Core services',
  networking: 'Networking',
  storage: 'Storage',
  observability: 'Observability',
  security: 'Security and secrets',
  'service-mesh': 'Service mesh',
  gitops: 'GitOps',
};
const CATEGORY_ORDER = Object.keys(CATEGORY_TITLES) as Category[];

/** What each kind of capability is, in README words. */
const CAPABILITY_KINDS: Record<string, string> = {
  crd: 'CRDs',
  'storage-class': 'Storage classes',
  secret: 'Secrets',
  namespace: 'Namespaces',
};

/** Why a Pod Security level is needed, by level. */
const LEVEL_MEANING = {
  privileged: 'host access (host network, host paths or privileged containers)',
  baseline: 'no host access; the Kubernetes baseline profile',
  restricted: 'the hardened profile: non-root, no privilege escalation, seccomp',
} as const;

const hbs = Handlebars.create();
hbs.registerHelper('code', (value: unknown) => (value === undefined ? '' : `\`${cell(JSON.stringify(value))}\``));
hbs.registerHelper('cell', (value: unknown) => cell(String(value ?? '')));
hbs.registerHelper('join', (items: readonly string[], sep: string) => items.join(sep));

function template(name: string): Handlebars.TemplateDelegate {
  const text = readFileSync(new URL(`../templates/${name}.md.hbs`, import.meta.url), 'utf8');
  return hbs.compile(text, { noEscape: true, strict: true });
}
const clusterTemplate = template('cluster');
const componentTemplate = template('component');

/** Renders `README.md` and every `<component>/README.md` of the tree. */
export function renderReadmes(model: ClusterModel): Map<string, string> {
  const files = new Map<string, string>();
  files.set('README.md', tidy(clusterTemplate(clusterView(model))));
  for (const c of model.components) files.set(`${c.name}/README.md`, tidy(componentTemplate(componentView(model, c))));
  return files;
}

function clusterView(model: ClusterModel) {
  const categories = CATEGORY_ORDER.map((category) => ({
    title: CATEGORY_TITLES[category],
    components: model.components.filter((c) => c.spec.category === category).map((c) => componentSummary(c)),
  })).filter((g) => g.components.length > 0);
  const secrets = model.components.flatMap((c) => c.secrets.map((s) => ({ ...s, consumer: c.name })));
  const groups = providedGroups(model);
  return {
    model,
    description: model.description ?? '',
    categories,
    namespaces: model.namespaces.map((n) => ({
      ...n,
      level: n.owner ? `\`${n.podSecurity}\`` : `not labelled (the cluster's own; its components need \`${n.podSecurity}\`)`,
      components: n.components.join(', '),
      why: LEVEL_MEANING[n.podSecurity],
      requiredBy: model.components
        .filter((c) => c.namespace === n.name && (c.spec.podSecurity ?? 'baseline') === n.podSecurity)
        .map((c) => c.name)
        .join(', '),
    })),
    mermaid: mermaid(model),
    order: model.components.map((c, i) => ({ step: i + 1, name: c.name, after: c.dependsOn.map((d) => d.name) })),
    external: model.external.map((cap) => ({ cap, ...externalUse(model, cap) })),
    integrations: integrations(model),
    security: model.components.filter((c) => c.security.length > 0).map((c) => ({ title: c.spec.title, name: c.name, notes: c.security })),
    secrets: secrets.map((s) => ({ ...s, keys: s.keys.map((k) => `\`${k}\``).join(', ') })),
    handMade: secrets
      .filter((s) => model.external.includes(`secret:${s.namespace}/${s.name}`))
      .map((s) => ({ ...s, command: createSecretCommand(s) })),
    health: healthChecks(model, groups),
    releasePolicy: releasePolicy(model),
    versions: model.components.map((c) => ({ name: c.name, version: c.source.version, kind: c.source.kind })),
    nextSteps: nextSteps(model),
    resources: uniqueLinks(model),
    troubleshooting: model.components.map((c) => ({ name: c.name, title: c.spec.title, steps: troubleshooting(model, c) })),
  };
}

function componentSummary(c: ComponentModel) {
  return {
    name: c.name,
    title: c.spec.title,
    summary: c.spec.summary,
    namespace: c.namespace,
    version: c.source.version,
    features: c.features,
  };
}

function componentView(model: ClusterModel, c: ComponentModel) {
  const dependents = model.components.filter((o) =>
    [...o.dependsOn, ...o.configDependsOn].some((d) => d.name === c.name),
  );
  const values = valueRows(c.spec.values, c.values, c.input);
  return {
    model,
    c,
    installed: installedRows(model, c),
    chart: c.source.kind !== 'GitRepository',
    secrets: c.secrets.map((s) => ({ ...s, keys: s.keys.map((k) => `\`${k}\``).join(', ') })),
    dependsOn: c.dependsOn.map((d) => ({ name: d.name, because: d.because.join(', ') })),
    configDependsOn: c.configDependsOn.map((d) => ({ name: d.name, because: d.because.join(', ') })),
    dependents: dependents.map((o) => ({
      name: o.name,
      because: [...o.dependsOn, ...o.configDependsOn]
        .filter((d) => d.name === c.name)
        .flatMap((d) => d.because)
        .join(', '),
    })),
    values,
    helmValues: toYaml(c.helmValues).trimEnd(),
    acknowledged: acknowledgementsOf(c).map((a) => ({ path: a.path, reason: a.reason })),
    files: [
      ...(sourceObjects(model, c).length > 0 ? ['gitrepository.yaml'] : []),
      'ks.yaml',
      ...folderFiles('app', appObjects(model, c)),
      ...folderFiles('config', configObjects(c)),
    ],
    objects: c.objects.map((o) => ({ kind: o.kind, name: o.metadata.name })),
    troubleshooting: troubleshooting(model, c),
  };
}

function folderFiles(folder: string, objects: ReadonlyMap<string, unknown>): string[] {
  return objects.size > 0 ? [`${folder}/kustomization.yaml`, ...[...objects.keys()].map((f) => `${folder}/${f}`)] : [];
}

function installedRows(model: ClusterModel, c: ComponentModel): { key: string; value: string }[] {
  const s = c.source;
  const flux = `\`${c.name}\` in \`${model.flux.namespace}\``;
  if (s.kind === 'GitRepository') {
    return [
      { key: 'Source', value: `GitRepository \`${s.url}\`` },
      { key: 'Tag', value: `\`${s.version}\`` },
      { key: 'Path', value: `\`${s.path}\`` },
      { key: 'Namespace of its objects', value: `\`${c.namespace}\`` },
      { key: 'Flux Kustomization', value: flux },
    ];
  }
  return [
    { key: 'Chart', value: `\`${s.chartName}\`` },
    { key: 'Version', value: `\`${s.version}\`` },
    { key: 'Source', value: `${s.kind} \`${s.url}\`` },
    { key: 'Namespace', value: `\`${c.namespace}\`` },
    { key: 'Helm release', value: `\`${c.name}\`` },
    { key: 'Flux Kustomization', value: flux },
  ];
}

/** Commands derived from the model: real namespaces, names and pod labels. */
function troubleshooting(model: ClusterModel, c: ComponentModel) {
  const ns = model.flux.namespace;
  if (c.source.kind === 'GitRepository') {
    return [
      {
        title: 'Flux status',
        commands: [`flux get kustomization ${c.name} -n ${ns}`, `flux get source git ${c.name} -n ${ns}`],
      },
      { title: 'Force a reconcile', commands: [`flux reconcile kustomization ${c.name} -n ${ns} --with-source`] },
      ...c.troubleshooting,
    ];
  }
  const selector = c.spec.podSelector;
  return [
    {
      title: 'Flux status',
      commands: [
        `flux get kustomization ${c.name} -n ${ns}`,
        `flux get helmrelease ${c.name} -n ${c.namespace}`,
        `flux get source ${c.source.kind === 'OCIRepository' ? 'oci' : 'helm'} ${c.name} -n ${c.namespace}`,
      ],
    },
    {
      title: 'Pods and events',
      commands: [
        ...(selector
          ? [`kubectl get pods -n ${c.namespace} -l ${selector}`, `kubectl logs -n ${c.namespace} -l ${selector} --tail=100`]
          : []),
        `kubectl get events -n ${c.namespace} --sort-by=.lastTimestamp`,
      ],
    },
    { title: 'Force a reconcile', commands: [`flux reconcile helmrelease ${c.name} -n ${c.namespace} --with-source`] },
    ...c.troubleshooting,
  ];
}

/** Who provides each capability and who uses it, grouped by kind. */
function integrations(model: ClusterModel) {
  const uses = (cap: Capability) =>
    model.components
      .filter((o) => [...o.needs, ...o.configNeeds].includes(cap))
      .map((o) => o.name);
  const rows = model.components.flatMap((c) =>
    c.provides.map((cap) => ({ cap, kind: cap.split(':')[0]!, provider: c.name, users: uses(cap) })),
  );
  // 1Password items are provided by the operator's CRD, but what a consumer gets is a Secret.
  const synced = model.components.flatMap((c) =>
    c.secrets
      .filter((s) => s.origin.startsWith('1Password'))
      .map((s) => ({ cap: `secret:${s.namespace}/${s.name}`, kind: 'secret', provider: s.origin, users: [c.name] })),
  );
  return Object.entries(CAPABILITY_KINDS)
    .map(([kind, title]) => ({
      title,
      rows: [...rows, ...synced]
        .filter((r) => r.kind === kind)
        .map((r) => ({ ...r, users: r.users.length > 0 ? r.users.join(', ') : 'available to workloads' })),
    }))
    .filter((g) => g.rows.length > 0);
}

function externalUse(model: ClusterModel, cap: string): { users: string } {
  const users = model.components.filter((c) => [...c.needs, ...c.configNeeds].includes(cap as Capability)).map((c) => c.name);
  return { users: users.join(', ') || 'nothing yet' };
}

/** CRD groups the cluster's components install. */
function providedGroups(model: ClusterModel): string[] {
  return model.components.flatMap((c) => c.provides.filter((p) => p.startsWith('crd:')).map((p) => p.slice(4)));
}

function healthChecks(model: ClusterModel, groups: readonly string[]): string[] {
  const ns = model.flux.namespace;
  const provides = (prefix: string) => model.components.some((c) => c.provides.some((p) => p.startsWith(prefix)));
  return [
    `flux check`,
    `flux get kustomizations -n ${ns}`,
    `flux get helmreleases -A`,
    ...[...new Set(model.components.map((c) => c.namespace))].sort().map((n) => `kubectl get pods -n ${n}`),
    ...(groups.length > 0 ? [`kubectl get crd | grep -E "(${groups.map((g) => g.replace(/\./g, '\\.')).join('|')})"`] : []),
    ...(provides('storage-class:') ? ['kubectl get storageclass'] : []),
    ...(groups.includes('gateway.networking.k8s.io') ? ['kubectl get gatewayclass,gateway -A'] : []),
    ...(groups.includes('onepassword.com') ? ['kubectl get onepassworditems -A'] : []),
  ];
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

/** What an apps layer can build on: the units to depend on for each capability this layer offers. */
function nextSteps(model: ClusterModel): { unit: string; offers: string }[] {
  return model.components
    .map((c) => {
      const offers = c.provides.filter((p) => !p.startsWith('namespace:'));
      const unit = configObjects(c).size > 0 ? `${c.name}-config` : c.name;
      return { unit, offers: offers.map((o) => `\`${o}\``).join(', ') };
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

interface ValueRow {
  readonly path: string;
  readonly value: unknown;
  readonly default: unknown;
  readonly set: boolean;
  readonly description: string;
}

/** One row per typed leaf value: what it is, its default, and whether this cluster set it. */
function valueRows(schema: TSchema, values: unknown, input: unknown, prefix = ''): ValueRow[] {
  const props = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const rows: ValueRow[] = [];
  for (const [key, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const value = (values as Record<string, unknown> | undefined)?.[key];
    const given = (input as Record<string, unknown> | undefined)?.[key];
    if ((sub as { type?: string }).type === 'object' && (sub as { properties?: object }).properties) {
      rows.push(...valueRows(sub, value, given, path));
    } else {
      rows.push({
        path,
        value,
        default: (sub as { default?: unknown }).default,
        set: given !== undefined,
        description: oneLine((sub as { description?: string }).description ?? ''),
      });
    }
  }
  return rows;
}

function mermaid(model: ClusterModel): string {
  const lines = ['flowchart LR'];
  for (const c of model.components) lines.push(`  ${id(c.name)}["${c.spec.title}<br/><small>${c.namespace}</small>"]`);
  for (const c of model.components) {
    for (const d of c.dependsOn) lines.push(`  ${id(d.name)} -->|${d.because.join(', ')}| ${id(c.name)}`);
    for (const d of c.configDependsOn) lines.push(`  ${id(d.name)} -.->|${d.because.join(', ')}, for its objects| ${id(c.name)}`);
  }
  return lines.join('\n');
}

const id = (name: string) => name.replace(/-/g, '_');
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');
/** Collapses the blank lines template blocks leave behind, and ends with one newline. */
const tidy = (text: string) => `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
