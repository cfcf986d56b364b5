/**
 * README rendering: Handlebars templates (Markdown only) over the same model the manifests come
 * from, so tables, graphs and commands cannot drift from what is deployed.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { TSchema } from '@sinclair/typebox';
import type { Category } from './component.js';
import type { ClusterModel, ComponentModel } from './model.js';
import { appObjects, configObjects, sourceObjects } from './manifests.js';
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
  return {
    model,
    categories,
    namespaces: model.namespaces.map((n) => ({ ...n, owner: n.owner ?? '(cluster)', components: n.components.join(', ') })),
    mermaid: mermaid(model),
    order: model.components.map((c, i) => ({ step: i + 1, name: c.name, after: c.dependsOn.map((d) => d.name) })),
    troubleshooting: model.components.map((c) => ({ name: c.name, title: c.spec.title, steps: troubleshooting(model, c) })),
  };
}

function componentSummary(c: ComponentModel) {
  return { name: c.name, title: c.spec.title, summary: c.spec.summary, namespace: c.namespace, version: c.source.version };
}

function componentView(model: ClusterModel, c: ComponentModel) {
  const dependents = model.components.filter((o) => o.dependsOn.some((d) => d.name === c.name));
  return {
    model,
    c,
    installed: installedRows(model, c),
    secrets: c.secrets.map((s) => ({ ...s, keys: s.keys.map((k) => `\`${k}\``).join(', ') })),
    dependsOn: c.dependsOn.map((d) => ({ name: d.name, because: d.because.join(', ') })),
    dependents: dependents.map((o) => ({
      name: o.name,
      because: o.dependsOn.find((d) => d.name === c.name)!.because.join(', '),
    })),
    values: valueRows(c.spec.values, c.values, c.input),
    helmValues: toYaml(c.helmValues).trimEnd(),
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
      { key: 'Flux Kustomization', value: flux },
    ];
  }
  return [
    { key: 'Chart', value: `\`${s.chart}\`` },
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
  }
  return lines.join('\n');
}

const id = (name: string) => name.replace(/-/g, '_');
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');
/** Collapses the blank lines template blocks leave behind, and ends with one newline. */
const tidy = (text: string) => `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
