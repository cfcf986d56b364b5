/**
 * Layer 3: every emitted object against the strict schema of its kind, and every
 * `kustomization.yaml` against kustomize's schema. Each schema is read and compiled once per
 * process, the first time an object of its kind is met. Kinds without a vendored schema (custom
 * resources such as CiliumLoadBalancerIPPool or OnePasswordItem) are not checked; an object of a
 * checked kind under an API version Flux no longer serves is an error.
 *
 * Paths are `<file>:<path in the object>`, e.g. `cilium/app/helmrelease.yaml:spec.interval`.
 */
import type { Diagnostic } from '../errors.js';
import { validate } from '../validate.js';
import { componentOf, describeObject, loadSchema, objectsOf, type CheckInput } from './shared.js';

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
const schemas = new Map<string, object>();

function schemaFor(key: string): object | undefined {
  const file = OBJECT_SCHEMAS[key];
  if (file === undefined) return undefined;
  let schema = schemas.get(key);
  if (!schema) {
    schema = loadSchema(new URL(file, DATA));
    schemas.set(key, schema);
  }
  return schema;
}

/** Validates every document of every rendered YAML file. */
export function checkObjects(input: CheckInput): Diagnostic[] {
  const { model } = input;
  const out: Diagnostic[] = [];
  for (const { file, object } of objectsOf(input)) {
    const base = { cluster: model.name, source: model.source, ...component(input, file) };
    const key = `${object.apiVersion}/${object.kind}`;
    const schema = schemaFor(key);
    if (!schema) {
      const served = Object.keys(OBJECT_SCHEMAS).find(
        (k) => k.endsWith(`/${object.kind}`) && group(k.slice(0, -object.kind.length - 1)) === group(String(object.apiVersion)),
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
      }
      continue;
    }
    for (const d of validate(schema, object, { invalidCode: 'OBJECT_INVALID', unknownKeyCode: 'OBJECT_INVALID' }).diagnostics) {
      out.push({
        ...d,
        ...base,
        code: 'OBJECT_INVALID',
        path: d.path ? `${file}:${d.path}` : file,
        // Optional Kubernetes fields are typed `[type, "null"]`; the null is noise in a message.
        message: `${d.code === 'VALUE_MISSING' ? 'is required' : d.message.replace(/^must be (\w+),null$/, 'must be $1')} in ${describeObject(object)}`,
      });
    }
  }
  return out;
}

function component(input: CheckInput, file: string): { component?: string } {
  const c = componentOf(input.model, file);
  return c ? { component: c.name } : {};
}

/** The API group of an apiVersion (`''` for the core group). */
function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}
