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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { strict } from './schema.js';
import { fileHash } from './validate.js';
import { withoutFormats } from './json-schema.js';
import { isPlainObject } from './values.js';
import { precompiledIsCurrent } from './precompiled.js';

/** One version of a CRD kind. */
export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  /** Whether the version declares an `openAPIV3Schema`. */
  readonly hasSchema: boolean;
  /** Its `openAPIV3Schema`; the file is parsed the first time a schema is asked for. */
  readonly schema?: object;
}

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
  /** The file's URL. */
  readonly href: string;
  /** Every version the CRD declares, served or not. */
  readonly versions: readonly CrdVersion[];
}

/** The kinds of the CRDs in some folders, by `group/Kind`. */
export type CrdIndex = ReadonlyMap<string, CrdKind>;

/** What `npm run build` stores per CRD file (by the hash of its bytes): its kinds without their schemas. */
type StoredKind = Omit<CrdKind, 'file' | 'href' | 'versions'> & { readonly versions: readonly Omit<CrdVersion, 'schema'>[] };

/**
 * Where `npm run build` stores the kinds of each vendored CRD file: packages/core/dist/crd-index/. Run
 * from the sources, core reads the same folder (entries are keyed by the hash of the CRD file's bytes).
 */
export const CRD_INDEX_DIR = new URL(import.meta.url.endsWith('.ts') ? '../dist/crd-index/' : './crd-index/', import.meta.url);
/** The index, when the core that runs now built it (precompiled.ts). */
let storedDir: URL | false | undefined;
const storedIndex = (): URL | undefined => {
  storedDir ??= existsSync(CRD_INDEX_DIR) && precompiledIsCurrent() ? CRD_INDEX_DIR : false;
  return storedDir || undefined;
};

const folders = new Map<string, readonly CrdKind[]>();

/**
 * Reads every `*.yaml` / `*.yml` file of a folder (not below it) and returns the
 * `apiextensions.k8s.io/v1` CustomResourceDefinitions in them. Other documents (a kustomization, a
 * ValidatingAdmissionPolicy shipped beside the CRDs) are ignored. Cached per folder. A file whose
 * kinds `npm run build` stored (same bytes) is not parsed until a schema of it is needed.
 */
export function crdsIn(folder: URL): readonly CrdKind[] {
  const key = folder.href.endsWith('/') ? folder.href : `${folder.href}/`;
  let kinds = folders.get(key);
  if (kinds) return kinds;
  const dir = new URL(key);
  const found: CrdKind[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const url = new URL(file, dir);
    const stored = storedIndex();
    const index = stored ? new URL(`${fileHash(url)}.json`, stored) : undefined;
    if (index && existsSync(index)) {
      for (const kind of JSON.parse(readFileSync(index, 'utf8')) as StoredKind[]) found.push(lazyKind(kind, url));
    } else {
      found.push(...parseCrdFile(url));
    }
  }
  kinds = found;
  folders.set(key, kinds);
  return kinds;
}

const parsedFiles = new Map<string, readonly CrdKind[]>();

/** Every CRD kind of one file, parsed (once per process), schemas included. */
export function parseCrdFile(url: URL): readonly CrdKind[] {
  let kinds = parsedFiles.get(url.href);
  if (kinds) return kinds;
  const found: CrdKind[] = [];
  for (const doc of parseAllDocuments(readFileSync(url, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${url.pathname}: not valid YAML: ${doc.errors[0]!.message}`);
    const crd = toCrdKind(doc.toJS(), url);
    if (crd) found.push(crd);
  }
  parsedFiles.set(url.href, (kinds = found));
  return kinds;
}

/** A kind as stored by `npm run build`, its schemas read from the file when first asked for. */
function lazyKind(kind: StoredKind, url: URL): CrdKind {
  const versions = kind.versions.map((v) => {
    const version = { ...v };
    Object.defineProperty(version, 'schema', {
      enumerable: v.hasSchema,
      get: () => parseCrdFile(url).find((k) => k.group === kind.group && k.kind === kind.kind)?.versions.find((p) => p.name === v.name)?.schema,
    });
    return version as CrdVersion;
  });
  return { ...kind, file: url.pathname, href: url.href, versions };
}

/** The kinds of one file as `npm run build` stores them (no schemas). */
export function storedKinds(url: URL): StoredKind[] {
  return parseCrdFile(url).map(({ name, group, kind, namespaced, versions }) => ({
    name,
    group,
    kind,
    namespaced,
    versions: versions.map(({ name: n, served, storage, hasSchema }) => ({ name: n, served, storage, hasSchema })),
  }));
}

function toCrdKind(doc: unknown, url: URL): CrdKind | undefined {
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
      hasSchema: isPlainObject(schema),
      ...(isPlainObject(schema) ? { schema } : {}),
    };
  });
  return {
    name: String(metadata['name'] ?? ''),
    group: spec['group'],
    kind: names['kind'],
    namespaced: spec['scope'] !== 'Cluster',
    file: url.pathname,
    href: url.href,
    versions,
  };
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
  return withoutFormats(strict(schema)) as object;
}


