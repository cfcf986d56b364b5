/**
 * What every check layer shares: its input, and how objects are found and named.
 */
import type { KubeObject } from '../kube.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { isPlainObject } from '../values.js';

/** A rendered cluster as the checks see it. */
export interface CheckInput {
  readonly model: ClusterModel;
  /** The documents of every rendered YAML file (paths relative to `flux/infra`), before serialisation. */
  readonly documents: ReadonlyMap<string, readonly object[]>;
  /** Every rendered file path, YAML and README alike. */
  readonly paths: readonly string[];
  /** Rendered text files that are not YAML objects (READMEs), scanned for secrets. @default none */
  readonly texts?: ReadonlyMap<string, string>;
  /** The cluster's `external` capabilities: what exists outside the tree. */
  readonly external: readonly string[];
}

/** The component a rendered file belongs to (`cilium/app/helmrelease.yaml` → cilium), if any. */
export function componentOf(model: ClusterModel, file: string): ComponentModel | undefined {
  return model.components.find((c) => file.startsWith(`${c.name}/`));
}

/** Each emitted Kubernetes object with the file it is written to. */
export function objectsOf(input: CheckInput): { file: string; object: KubeObject }[] {
  const out: { file: string; object: KubeObject }[] = [];
  for (const [file, docs] of input.documents) {
    for (const doc of docs) if (isPlainObject(doc) && typeof doc['kind'] === 'string') out.push({ file, object: doc as KubeObject });
  }
  return out;
}

/** `Kind namespace/name`, how messages name an object. */
export function describeObject(object: KubeObject): string {
  const { name, namespace } = object.metadata ?? {};
  return name ? `${object.kind} ${namespace ? `${namespace}/` : ''}${name}` : object.kind;
}
