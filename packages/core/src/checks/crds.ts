/**
 * Custom resources: the vendored CustomResourceDefinitions of the cluster's components
 * (`ComponentSpec.crds`), and the strict schema of each kind they serve. Each folder is read and
 * parsed once per process; each kind's schema is derived and compiled the first time an object of
 * it is met.
 *
 * The strict schema is the CRD version's `openAPIV3Schema` transformed the way the vendored Flux
 * `*.strict.json` schemas were (data/SOURCES.md), see {@link strictCrdSchema}. CEL rules
 * (`x-kubernetes-validations`) are not evaluated and `format` is not checked: the API server still
 * does both when Flux applies the object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isPlainObject, withoutFormats } from './shared.js';

/** One kind a vendored CRD defines. */
export interface CrdKind {
  /** `metadata.name` of the CRD (`ciliumloadbalancerippools.cilium.io`). */
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  /** Whether its objects live in a namespace. */
  readonly namespaced: boolean;
  /** The folder and file it was read from, for messages. */
  readonly file: string;
  /** Every version the CRD declares, served or not, with its `openAPIV3Schema`. */
  readonly versions: readonly { readonly name: string; readonly served: boolean; readonly storage: boolean; readonly schema?: object }[];
}

/** The kinds of the CRDs in some folders, by `group/Kind`. */
export type CrdIndex = ReadonlyMap<string, CrdKind>;

const folders = new Map<string, readonly CrdKind[]>();

/**
 * Reads every `*.yaml` / `*.yml` file of a folder (not below it) and returns the
 * `apiextensions.k8s.io/v1` CustomResourceDefinitions in them. Other documents (a kustomization, a
 * ValidatingAdmissionPolicy shipped beside the CRDs) are ignored. Cached per folder.
 */
export function crdsIn(folder: URL): readonly CrdKind[] {
  const key = folder.href.endsWith('/') ? folder.href : `${folder.href}/`;
  let kinds = folders.get(key);
  if (kinds) return kinds;
  const dir = new URL(key);
  const found: CrdKind[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const url = new URL(file, dir);
    for (const doc of parseAllDocuments(readFileSync(url, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${url.pathname}: not valid YAML: ${doc.errors[0]!.message}`);
      const crd = toCrdKind(doc.toJS(), url.pathname);
      if (crd) found.push(crd);
    }
  }
  kinds = found;
  folders.set(key, kinds);
  return kinds;
}

function toCrdKind(doc: unknown, file: string): CrdKind | undefined {
  if (!isPlainObject(doc) || doc['apiVersion'] !== 'apiextensions.k8s.io/v1' || doc['kind'] !== 'CustomResourceDefinition') {
    return undefined;
  }
  const metadata = isPlainObject(doc['metadata']) ? doc['metadata'] : {};
  const spec = isPlainObject(doc['spec']) ? doc['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  if (typeof spec['group'] !== 'string' || typeof names['kind'] !== 'string') return undefined;
  const versions = (Array.isArray(spec['versions']) ? spec['versions'] : []).filter(isPlainObject).map((v) => {
    const schema = isPlainObject(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
    return {
      name: String(v['name']),
      served: v['served'] !== false,
      storage: v['storage'] === true,
      ...(isPlainObject(schema) ? { schema } : {}),
    };
  });
  return { name: String(metadata['name'] ?? ''), group: spec['group'], kind: names['kind'], namespaced: spec['scope'] !== 'Cluster', file, versions };
}

/** The kinds of the CRDs in all `folders`, by `group/Kind`; the first folder to define a kind wins. */
export function crdIndex(folderList: readonly URL[]): CrdIndex {
  const index = new Map<string, CrdKind>();
  for (const folder of folderList) {
    for (const crd of crdsIn(folder)) {
      const key = `${crd.group}/${crd.kind}`;
      if (!index.has(key)) index.set(key, crd);
    }
  }
  return index;
}

/**
 * A CRD version's `openAPIV3Schema` as a strict JSON Schema, the transformation of the vendored Flux
 * `*.strict.json` schemas (data/SOURCES.md):
 *
 * - `additionalProperties: false` on every object node that declares `properties` and has neither
 *   `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true` (the API server would
 *   silently prune an unknown field, hiding the typo);
 * - `x-kubernetes-int-or-string: true` nodes accept an integer or a string;
 * - `format` is dropped (fluxgen's ajv has no format plugin; the API server checks formats).
 *
 * Schema keywords are followed (`properties`, `items`, `anyOf`, …); data (`default`, `enum`,
 * `example`) and CEL rules are left as written. The input is not modified.
 */
export function strictCrdSchema(schema: object): object {
  return withoutFormats(strictNode(schema)) as object;
}

/** Keywords whose value is a map of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is a schema, or a list of schemas. */
const SCHEMAS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'contains', 'propertyNames']);

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key) && isPlainObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strictNode(child)]));
    } else if (SCHEMAS.has(key)) {
      out[key] = strictNode(value);
    } else {
      out[key] = value;
    }
  }
  if (out['x-kubernetes-int-or-string'] === true && out['anyOf'] === undefined) {
    delete out['type'];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    isPlainObject(out['properties']) &&
    out['additionalProperties'] === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}
