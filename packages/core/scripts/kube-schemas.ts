/**
 * Derives the JSON Schemas of the core Kubernetes kinds fluxgen validates emitted objects against
 * (data/schemas/kubernetes/<kind>[-<group>]-<version>.json) from the Kubernetes OpenAPI
 * definitions, in yannh/kubernetes-json-schema's `standalone-strict` form. See data/SOURCES.md.
 *
 *   npx tsx packages/core/scripts/kube-schemas.ts [_definitions.json]          # (re)write the files
 *   npx tsx packages/core/scripts/kube-schemas.ts [_definitions.json] --check  # exit 1 when one differs
 *
 * The definitions default to the project's upstream snapshot,
 * `../shared/upstream/kubernetes/v1.36.0-local/_definitions.json` (cdk8s-team/cdk8s
 * `kubernetes-schemas/v1.36.0/_definitions.json`). The transformation is the one
 * `openapi2jsonschema --expanded --kubernetes --stand-alone --strict` applies:
 *
 * 1. `additionalProperties: false` on every object node with `properties` that has none;
 * 2. `apiVersion` / `kind` enums from `x-kubernetes-group-version-kind`;
 * 3. every `$ref` inlined: the referenced definition replaces the node (sibling keys dropped);
 * 4. every `type` below `properties` becomes `[type, "null"]` unless its field is `required`;
 * 5. `$schema: http://json-schema.org/schema#` appended; written as Python's
 *    `json.dumps(indent=2)` does (ASCII only), with no trailing newline.
 *
 * Run without arguments, it reproduces the vendored namespace/configmap/secret/service files
 * byte for byte, which is how the transformation was checked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The definitions to derive, by OpenAPI name. Add a kind here, run the script, update SOURCES.md. */
const KINDS = [
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.Secret',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.storage.v1.StorageClass',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const args = process.argv.slice(2);
const check = args.includes('--check');
const input =
  args.find((a) => !a.startsWith('--')) ??
  fileURLToPath(new URL('../../../../shared/upstream/kubernetes/v1.36.0-local/_definitions.json', import.meta.url));
const outDir = new URL('../data/schemas/kubernetes/', import.meta.url);

const definitions = strictObjects((JSON.parse(readFileSync(input, 'utf8')) as { definitions: JsonObject }).definitions) as {
  [name: string]: JsonObject;
};

let stale = 0;
for (const name of KINDS) {
  const schema = standalone(name);
  const file = new URL(fileName(schema), outDir);
  const text = pythonJson(schema);
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${fileURLToPath(file)} is stale: run npx tsx packages/core/scripts/kube-schemas.ts`);
      stale++;
    }
  } else {
    writeFileSync(file, text);
  }
}
if (stale > 0) process.exit(1);

/** One kind as a stand-alone strict schema. */
function standalone(name: string): JsonObject {
  const def = structuredClone(definitions[name]);
  if (!def) throw new Error(`no definition ${name} in ${input}`);
  const props = def['properties'] as JsonObject;
  for (const gvk of def['x-kubernetes-group-version-kind'] as JsonObject[]) {
    const apiVersion = gvk['group'] ? `${gvk['group']}/${gvk['version']}` : String(gvk['version']);
    appendNoDuplicates(props['apiVersion'] as JsonObject, 'enum', apiVersion);
    appendNoDuplicates(props['kind'] as JsonObject, 'enum', gvk['kind'] as string);
  }
  const inlined = inline(def, []) as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(inlined)) {
    out[key] = key === 'properties' ? (nullable(value, inlined, null, key) as Json) : value;
  }
  out['$schema'] = 'http://json-schema.org/schema#';
  return out;
}

/** `namespace-v1.json`, `storageclass-storage-v1.json`: yannh's file names. */
function fileName(schema: JsonObject): string {
  const gvk = (schema['x-kubernetes-group-version-kind'] as JsonObject[])[0]!;
  const kind = String(gvk['kind']).toLowerCase();
  const group = String(gvk['group']);
  return group ? `${kind}-${group.split('.')[0]}-${gvk['version']}.json` : `${kind}-${gvk['version']}.json`;
}

/** Step 1: `additionalProperties: false` on every object node with properties (not inside lists). */
function strictObjects(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (isObject(value)) {
      if ('properties' in value && !('additionalProperties' in value)) value['additionalProperties'] = false;
      out[key] = strictObjects(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function appendNoDuplicates(node: JsonObject, key: string, value: string): void {
  const list = (node[key] ??= []) as Json[];
  if (!list.includes(value)) list.push(value);
}

/** Step 3: replaces every `{"$ref": "#/definitions/x", …}` by definition x, recursively. */
function inline(node: Json, stack: readonly string[]): Json {
  if (Array.isArray(node)) return node.map((item) => inline(item, stack));
  if (!isObject(node)) return node;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const target = ref.replace('#/definitions/', '');
    if (stack.includes(target)) throw new Error(`recursive definition ${[...stack, target].join(' → ')}`);
    const def = definitions[target];
    if (!def) throw new Error(`unresolved $ref ${ref}`);
    return inline(def, [...stack, target]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, stack)]));
}

/**
 * Step 4, as openapi2jsonschema's `allow_null_optional_fields`: a `type` string becomes
 * `[type, "null"]` unless the field it describes (`key`) is listed in `required` of the object
 * two levels up (the node owning the `properties` map).
 */
function nullable(data: Json, parent: Json, grandParent: Json, key: string): Json {
  if (!isObject(data)) return data;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(data)) {
    if (isObject(v)) out[k] = nullable(v, data, parent, k);
    else if (Array.isArray(v)) out[k] = v.map((item) => nullable(item, v, parent, k));
    else if (typeof v === 'string' && k === 'type' && v !== 'null') {
      const required = isObject(grandParent) && Array.isArray(grandParent['required']) ? grandParent['required'] : [];
      out[k] = required.includes(key) ? v : [v, 'null'];
    } else out[k] = v;
  }
  return out;
}

/** Python's `json.dumps(value, indent=2)`: ASCII only, non-ASCII as `\uXXXX`. */
function pythonJson(value: Json): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
