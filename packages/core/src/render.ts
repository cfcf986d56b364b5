/**
 * Rendering: a cluster model becomes the files of its `flux/infra` tree, in memory. Same model,
 * same bytes. The writer is the only place that touches the disk.
 */
import { runChecks } from './checks/index.js';
import type { ClusterDefinition } from './cluster.js';
import { throwIfAny, type Diagnostic } from './errors.js';
import { KUSTOMIZATION_SCHEMA_URL, schemaUrl, type KubeObject } from './kube.js';
import {
  appObjects,
  clusterUnitKustomization,
  clusterUnitObjects,
  configObjects,
  fluxKustomizations,
  secretUnitKustomization,
  secretUnitResources,
  sourceObjects,
} from './manifests.js';
import { buildModelReportingGraph, type ClusterModel, type ComponentModel, type ModelOptions } from './model.js';
import { renderReadmes } from './readme/index.js';
import { renderWarnings } from './warnings.js';
import { seal } from './memo.js';
import { toYamlFile, type YamlHeader } from './yaml.js';

/** The rendered tree: file paths relative to `clusters/<name>/flux/infra`, and their contents. */
export interface RenderedCluster {
  readonly model: ClusterModel;
  readonly files: ReadonlyMap<string, string>;
  /**
   * The documents of each YAML file, as built before serialisation (same paths as `files`). They
   * are frozen, all the way down: what was serialised and checked cannot change afterwards.
   */
  readonly documents: ReadonlyMap<string, readonly object[]>;
  /** What is worth telling but stops nothing (COMPONENT_DEPRECATED): the CLI prints them, the run goes on. */
  readonly warnings: readonly Diagnostic[];
}

/**
 * Validates and renders a cluster. Throws a FluxgenError with every problem found: first the typed
 * values (nothing can be rendered without them), then, all together, the dependency graph and the
 * checks of the rendered result (chart values, object schemas, references, policy; see checks/).
 */
export function renderCluster(definition: ClusterDefinition, options: ModelOptions = {}): RenderedCluster {
  const { model, problems: graphProblems } = buildModelReportingGraph(definition, options);
  const documents = new Map<string, readonly object[]>();
  for (const component of model.components) {
    for (const [path, docs] of componentDocuments(model, component)) documents.set(`${component.name}/${path}`, docs);
  }
  // Secret backends' Flux units: one folder each, like a component's ks.yaml.
  for (const unit of model.secretUnits) {
    const { namespace, resources } = secretUnitResources(model, unit);
    documents.set(`${unit.name}/ks.yaml`, [secretUnitKustomization(model, unit)]);
    documents.set(`${unit.name}/app/kustomization.yaml`, [kustomization(resources)]);
    if (namespace) documents.set(`${unit.name}/app/namespace.yaml`, [namespace]);
  }
  // The cluster's own units: shared sources, its own objects.
  for (const unit of model.clusterUnits) {
    const objects = clusterUnitObjects(unit);
    documents.set(`${unit.name}/ks.yaml`, [clusterUnitKustomization(model, unit)]);
    documents.set(`${unit.name}/app/kustomization.yaml`, [kustomization([...objects.keys()])]);
    for (const [file, list] of objects) documents.set(`${unit.name}/app/${file}`, list);
  }
  documents.set('kustomization.yaml', [
    kustomization([
      ...model.components.flatMap((c) => [
        ...(sourceObjects(model, c).length > 0 ? [`${c.name}/gitrepository.yaml`] : []),
        `${c.name}/ks.yaml`,
      ]),
      ...model.secretUnits.map((u) => `${u.name}/ks.yaml`),
      ...model.clusterUnits.map((u) => `${u.name}/ks.yaml`),
    ]),
  ]);

  // Rendered documents do not change from here on: serialised, checked and scanned by their key (memo.ts).
  for (const docs of documents.values()) for (const doc of docs) seal(doc);
  // A HelmRelease's values (sealed with it) are keyed on their own by three checks: keyed once.
  for (const c of model.components) seal(c.helmValues);
  const files = new Map<string, string>();
  for (const [path, docs] of documents) files.set(path, yamlFile(model, path, docs));
  for (const [path, text] of renderReadmes(model, documents)) files.set(path, text);
  const sorted = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rendered: RenderedCluster = {
    model,
    files: new Map(sorted.map((p) => [p, files.get(p)!])),
    documents: new Map(sorted.filter((p) => documents.has(p)).map((p) => [p, documents.get(p)!])),
    warnings: renderWarnings(model),
  };
  throwIfAny([
    ...graphProblems,
    ...runChecks({
      model,
      documents: rendered.documents,
      paths: sorted,
      texts: new Map(sorted.filter((p) => !documents.has(p)).map((p) => [p, files.get(p)!])),
      external: model.external,
    }),
  ]);
  return rendered;
}

/** The documents of a component's files, by path inside its folder. */
function componentDocuments(model: ClusterModel, c: ComponentModel): Map<string, readonly object[]> {
  const docs = new Map<string, readonly object[]>();
  const sources = sourceObjects(model, c);
  if (sources.length > 0) docs.set('gitrepository.yaml', sources);
  docs.set('ks.yaml', fluxKustomizations(model, c));
  for (const [folder, objects] of [
    ['app', appObjects(model, c)],
    ['config', configObjects(c)],
  ] as const) {
    if (objects.size === 0) continue;
    docs.set(`${folder}/kustomization.yaml`, [kustomization([...objects.keys()])]);
    for (const [file, list] of objects) docs.set(`${folder}/${file}`, list);
  }
  return docs;
}

function kustomization(resources: readonly string[]): object {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
}

/** A YAML file: the notice of whoever it comes from, the schema of its first document, the documents. */
function yamlFile(model: ClusterModel, path: string, docs: readonly object[]): string {
  const component = path.includes('/') ? model.components.find((c) => c.name === path.slice(0, path.indexOf('/'))) : undefined;
  const from = component ? `@fluxgen/${component.spec.name}` : model.source;
  const first = docs[0] as KubeObject;
  const header: YamlHeader = {
    notice: notice(model, from),
    schema: first.apiVersion === 'kustomize.config.k8s.io/v1beta1' ? KUSTOMIZATION_SCHEMA_URL : schemaUrl(first.apiVersion, first.kind),
  };
  return toYamlFile(docs, header);
}

/** The "generated, do not edit" lines at the top of each file. */
function notice(model: ClusterModel, from: string): string[] {
  return [
    `Generated by fluxgen from ${from} for cluster "${model.name}". Do not edit by hand:`,
    `change ${model.source}, then run: npx nx run ${model.name}:generate`,
  ];
}
