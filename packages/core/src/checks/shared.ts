/**
 * What every check layer shares: its input, the walk over values, and loading vendored JSON
 * schemas the way ajv can compile them.
 */
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../kube.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { joinPath } from '../validate.js';

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

/** Whether a value is a JSON object (not null, not an array). */
import { isPlainObject } from '../values.js';

export { isPlainObject };

/** One node met by {@link walkValues}. */
export interface ValueVisit {
  /** Path a person reads (`values.hubble.metrics.enabled[0]`). */
  readonly path: string;
  /** The key this value sits under (the index, as a string, for list items). */
  readonly key: string;
  /** The keys from the root to here (list indexes included). */
  readonly keys: readonly string[];
  readonly value: unknown;
  /** The object or list holding this value. */
  readonly parent: unknown;
}

/** Calls `visit` for every value below `root` (not the root itself), depth first, in key order. */
export function walkValues(root: unknown, prefix: string, visit: (node: ValueVisit) => void): void {
  const go = (value: unknown, path: string, keys: readonly string[]): void => {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : isPlainObject(value) ? Object.entries(value) : [];
    for (const [key, child] of entries) {
      const at = joinPath(path, key);
      const childKeys = [...keys, key];
      visit({ path: at, key, keys: childKeys, value: child, parent: value });
      go(child, at, childKeys);
    }
  };
  go(root, prefix, []);
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

/**
 * Reads a vendored JSON Schema for the shared ajv instance: `$schema` and `$id` are dropped (every
 * schema is compiled as draft-07, and two chart versions may carry the same `$id`), and so are
 * `format` keywords, which fluxgen does not check (no ajv-formats) and ajv would warn about.
 */
export function loadSchema(file: URL): object {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['$id'];
  return withoutFormats(schema) as object;
}

/** Drops `format` keywords (fluxgen's ajv has no format plugin); data keywords are left as written. */
export function withoutFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutFormats);
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' && typeof value === 'string') continue;
    // Data, not schema: leave as written.
    out[key] = ['default', 'examples', 'enum', 'const'].includes(key) ? value : withoutFormats(value);
  }
  return out;
}
