/**
 * Layer 3: every emitted object against the strict schema of its kind, and every
 * `kustomization.yaml` against kustomize's schema. Each schema is read and compiled once per
 * process, the first time an object of its kind is met.
 *
 * - Flux and core kinds: the schemas vendored under data/schemas/ ({@link OBJECT_SCHEMAS}). An
 *   object of one of these kinds under an API version Flux or Kubernetes no longer serves is an
 *   error.
 * - Custom resources: the CRDs the cluster's components vendor (`ComponentSpec.crds`), whoever
 *   emits the object (a secret backend's custom resources are emitted next to their consumers). The CRD version's
 *   `openAPIV3Schema` is made strict ({@link strictCrdSchema}) and its `metadata` checked like a
 *   core kind's. CEL rules (`x-kubernetes-validations`) are not evaluated and `format` is not
 *   checked. A kind a vendored CRD defines under an API version it does not serve is an error.
 * - Kinds no vendored schema or CRD covers (e.g. ServiceMonitor) are not checked.
 *
 * Paths are `<file>:<path in the object>`, e.g. `cilium/app/helmrelease.yaml:spec.interval`.
 */
import type { Diagnostic } from '../errors.js';
import type { KubeObject } from '../kube.js';
import { validate, fileSchemaSource, type SchemaSource } from '../validate.js';
import { crdIndex, strictCrdSchema, type CrdIndex, type CrdKind } from '../crds.js';
import { loadSchema } from '../json-schema.js';
import { ValidOnce } from '../memo.js';
import { componentOf, describeObject, objectsOf, type CheckInput } from './shared.js';

/** The kinds checked, by `apiVersion/kind`, with their schema under data/schemas/. */
export const OBJECT_SCHEMAS: Readonly<Record<string, string>> = {
  'helm.toolkit.fluxcd.io/v2/HelmRelease': 'flux/helm.toolkit.fluxcd.io/helmrelease_v2.strict.json',
  'source.toolkit.fluxcd.io/v1/HelmRepository': 'flux/source.toolkit.fluxcd.io/helmrepository_v1.strict.json',
  'source.toolkit.fluxcd.io/v1/OCIRepository': 'flux/source.toolkit.fluxcd.io/ocirepository_v1.strict.json',
  'source.toolkit.fluxcd.io/v1/GitRepository': 'flux/source.toolkit.fluxcd.io/gitrepository_v1.strict.json',
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': 'flux/kustomize.toolkit.fluxcd.io/kustomization_v1.strict.json',
  'v1/Namespace': 'kubernetes/namespace-v1.json',
  'v1/ConfigMap': 'kubernetes/configmap-v1.json',
  'v1/Secret': 'kubernetes/secret-v1.json',
  'v1/Service': 'kubernetes/service-v1.json',
  'storage.k8s.io/v1/StorageClass': 'kubernetes/storageclass-storage-v1.json',
  'kustomize.config.k8s.io/v1beta1/Kustomization': 'kubernetes/kustomization.json',
};

const DATA = new URL('../../data/schemas/', import.meta.url);
const schemas = new Map<string, SchemaSource>();

/** The schema of a Flux or core kind, by `apiVersion/kind`, read only when no precompiled validator exists. */
export function objectSchemaSource(key: string): SchemaSource | undefined {
  const file = OBJECT_SCHEMAS[key];
  if (file === undefined) return undefined;
  let schema = schemas.get(key);
  if (!schema) {
    const url = new URL(file, DATA);
    schema = fileSchemaSource('object-schema', [url], () => loadSchema(url));
    schemas.set(key, schema);
  }
  return schema;
}

/** Strict schemas of custom resources, by CRD file and `apiVersion/kind`. */
const crdSchemas = new Map<string, SchemaSource>();

/**
 * The strict schema of one served version of a vendored CRD, with `metadata` (just `type: object`
 * in every CRD) checked by the ObjectMeta schema the core kinds use. Known by the hashes of the CRD
 * file and of the core schema ObjectMeta comes from; derived only when no precompiled validator exists.
 */
export function crdSchemaSource(crd: CrdKind, version: string): SchemaSource {
  const key = `${crd.file}#${crd.group}/${version}/${crd.kind}`;
  let schema = crdSchemas.get(key);
  if (!schema) {
    schema = fileSchemaSource(`crd-schema ${crd.group}/${version}/${crd.kind}`, [new URL(crd.href), new URL(OBJECT_SCHEMAS['v1/ConfigMap']!, DATA)], () => {
      const openAPIV3Schema = crd.versions.find((v) => v.name === version)?.schema ?? {};
      const strict = strictCrdSchema(openAPIV3Schema) as Record<string, unknown>;
      const properties = (strict['properties'] ?? {}) as Record<string, unknown>;
      // The API server accepts apiVersion and kind on every object, whether or not the CRD lists them (Istio's do not).
      const typeMeta = { apiVersion: { type: 'string' }, kind: { type: 'string' } };
      return { ...strict, properties: { ...typeMeta, ...properties, metadata: { ...objectMeta(), type: 'object' } } };
    });
    crdSchemas.set(key, schema);
  }
  return schema;
}

/** The strict ObjectMeta schema of the core kinds (the same in each of their vendored schemas). */
function objectMeta(): Record<string, unknown> {
  const configMap = objectSchemaSource('v1/ConfigMap')!.load() as { properties: { metadata: Record<string, unknown> } };
  return configMap.properties.metadata;
}

/** Validates every document of every rendered YAML file. */
export function checkObjects(input: CheckInput): Diagnostic[] {
  const { model } = input;
  const out: Diagnostic[] = [];
  // The components' CRD folders are read only when an object needs them.
  let crds: CrdIndex | undefined;
  const crdsOf = (): CrdIndex => (crds ??= crdIndex(crdFolders(input)));
  for (const { file, object } of objectsOf(input)) {
    const base = { cluster: model.name, source: model.source, ...component(input, file) };
    const apiVersion = String(object.apiVersion);
    let schema: object | undefined = objectSchemaSource(`${apiVersion}/${object.kind}`);
    if (!schema) {
      const served = Object.keys(OBJECT_SCHEMAS).find(
        (k) => k.endsWith(`/${object.kind}`) && group(k.slice(0, -object.kind.length - 1)) === group(apiVersion),
      );
      if (served) {
        out.push({
          ...base,
          code: 'OBJECT_INVALID',
          path: `${file}:apiVersion`,
          got: object.apiVersion,
          message: `${object.kind} is not served under this API version by the vendored Flux and Kubernetes schemas`,
          hint: `use apiVersion ${served.slice(0, -object.kind.length - 1)}`,
        });
        continue;
      }
      const custom = customResource(object, crdsOf);
      if (custom === undefined) continue;
      if ('served' in custom) {
        out.push({
          ...base,
          code: 'OBJECT_INVALID',
          path: `${file}:apiVersion`,
          got: object.apiVersion,
          message: `${object.kind} is not served under this API version by its CRD ${custom.crd}`,
          hint: `the CRD serves ${custom.served.join(', ') || 'no version'}${custom.preferred ? `; use apiVersion ${custom.preferred}` : ''}`,
        });
        continue;
      }
      schema = custom.schema;
    }
    out.push(...objectProblems(schema, object, file, base));
  }
  return out;
}

/** Objects already found valid in this process (the same Namespace in every cluster of a fleet), up to 100,000. */
const validObjects = new ValidOnce(100_000);

function objectProblems(schema: object, object: KubeObject, file: string, base: Omit<Diagnostic, 'code' | 'message'>): Diagnostic[] {
  const problems = validObjects.problems(schema, object, () => validate(schema, object, { invalidCode: 'OBJECT_INVALID', unknownKeyCode: 'OBJECT_INVALID' }).diagnostics);
  return problems.map((d) => ({
    ...d,
    ...base,
    code: 'OBJECT_INVALID',
    path: d.path ? `${file}:${d.path}` : file,
    // Optional Kubernetes fields are typed `[type, "null"]`; the null is noise in a message.
    message: `${d.code === 'VALUE_MISSING' ? 'is required' : d.message.replace(/^must be (\w+),null$/, 'must be $1')} in ${describeObject(object)}`,
  }));
}

/**
 * The strict schema of a custom resource from the vendored CRD of its group and kind; or, when that
 * CRD does not serve its API version, the versions it does serve (the storage version first); or
 * nothing, when no vendored CRD defines the kind.
 */
function customResource(
  object: KubeObject,
  crds: () => CrdIndex,
): { readonly schema: object } | { readonly crd: string; readonly served: string[]; readonly preferred?: string } | undefined {
  const apiVersion = String(object.apiVersion);
  if (!apiVersion.includes('/')) return undefined;
  const crd = crds().get(`${group(apiVersion)}/${object.kind}`);
  if (!crd) return undefined;
  const version = crd.versions.find((v) => v.served && v.name === apiVersion.slice(apiVersion.indexOf('/') + 1));
  // A served version without a schema (not allowed in apiextensions.k8s.io/v1) checks nothing.
  if (version) return version.hasSchema ? { schema: crdSchemaSource(crd, version.name) } : undefined;
  const served = [...crd.versions].filter((v) => v.served).sort((a, b) => Number(b.storage) - Number(a.storage));
  const apiVersions = served.map((v) => `${crd.group}/${v.name}`);
  return { crd: crd.name, served: apiVersions, ...(apiVersions[0] ? { preferred: apiVersions[0] } : {}) };
}

/** The CRD folders of the cluster's components, each once, in cluster order. */
function crdFolders(input: CheckInput): URL[] {
  const hrefs = input.model.components.flatMap((c) => (c.spec.crds ? [c.spec.crds.href] : []));
  return [...new Set(hrefs)].map((href) => new URL(href));
}

function component(input: CheckInput, file: string): { component?: string } {
  const c = componentOf(input.model, file);
  return c ? { component: c.name } : {};
}

/** The API group of an apiVersion (`''` for the core group). */
function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}
