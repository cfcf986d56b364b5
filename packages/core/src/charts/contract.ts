/**
 * A chart contract: what one chart version accepts, built from three sources the chart itself
 * ships or implies, and stored per version as a compact `contract.json` beside the vendored files:
 *
 * 1. `values.schema.json`, where the chart ships one (validated with ajv at check time);
 * 2. the key tree and default types of `values.yaml` (a number stays a number, `true` stays a
 *    boolean; a null or empty default accepts anything), except where the schema types a key;
 * 3. the keys its templates read (`template-keys.txt`): keys that values.yaml only shows in comments,
 *    maps passed through whole (`resources.*`), and keys read only to `fail` (removed keys).
 *
 * Subcharts (Chart.yaml `dependencies`, data under `charts/<name>/`) are merged in under their alias
 * with their own contract. A version without harvested template keys (or without subchart data)
 * borrows them from the nearest vendored version that has them; the contract records it.
 *
 * `contract.json` is generated (`npm run chart-contracts -w @fluxgen/core`, or `fluxgen chart pull`),
 * and a test keeps it in sync with its inputs; at run time only the JSON is read, once, lazily.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { HelmValues } from '../component.js';
import { loadSchema, withoutFormats } from '../json-schema.js';
import { deepFreeze, isPlainObject } from '../values.js';
import { parseTemplateKeys, type TemplateKeys } from './template-keys.js';
import { fileSchemaSource, type SchemaSource } from '../validate.js';

/** A default's type, as values.yaml shows it: boolean, number, string, array, object. */
export type InferredType = 'b' | 'n' | 's' | 'a' | 'o';

/** One key of the contract. Fields are short: the file is read by every run. */
export interface ContractNode {
  /** Known keys below. */
  c?: Record<string, ContractNode>;
  /** Anything is accepted below (values.yaml `{}`/`~`/`[]`, a template pass-through `x.*`, a schema map). */
  o?: 1;
  /** Type of the values.yaml default (not where the schema declares the key: it decides there). */
  t?: InferredType;
  /** Read by the templates only to `fail`, declared nowhere: a removed key. */
  r?: 1;
  /** A subchart's section: `grafana 12.11.1`. */
  s?: string;
}

/** One vendored chart version, as fluxgen checks values against it. */
export interface ChartContract {
  readonly format: 1;
  readonly chart: string;
  readonly version: string;
  /** Chart.yaml `deprecated: true`. */
  readonly deprecated?: true;
  /** sha256 (first 16 hex) of every input file, relative to the version folder: what makes it stale. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The chart ships values.schema.json (`values.schema.json` in the same folder). */
  readonly schema: boolean;
  /**
   * Whose template keys were used: this version's own, another vendored version's (borrowed: the
   * templates of this one were not available), or none.
   */
  readonly templateKeys: { readonly from: string } | null;
  /** Subcharts merged in, under their alias. */
  readonly subcharts: readonly { readonly alias: string; readonly chart: string; readonly version: string; readonly from?: string }[];
  readonly tree: ContractNode;
  /** values.yaml defaults, kept only when there is a schema (Helm validates the merged values). */
  readonly defaults?: HelmValues;
}

export const CONTRACT_FILE = 'contract.json';

interface ChartYaml {
  name?: string;
  version?: string;
  deprecated?: boolean;
  dependencies?: { name: string; alias?: string; version?: string; condition?: string }[];
}

/** `<dir>/<version>/` for a component's `chartData` folder. */
export function versionFolder(dir: URL, version: string): URL {
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  return new URL(`${encodeURIComponent(version)}/`, base);
}

/**
 * The chart data folders of a component package: `chart/` (one chart), and `charts/<chart>/` for
 * a package that exports several components of several charts (Istio's base, istiod, cni, ztunnel).
 */
export function chartDataDirs(pkg: URL): URL[] {
  const one = new URL('chart/', pkg);
  const many = new URL('charts/', pkg);
  const dirs = existsSync(one) ? [one] : [];
  if (existsSync(many)) {
    for (const e of readdirSync(many, { withFileTypes: true }).filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      dirs.push(new URL(`${e.name}/`, many));
    }
  }
  return dirs;
}

/** The versions under a `chartData` folder that have data (a values.yaml), oldest first. */
export function vendoredVersions(dir: URL): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(new URL('values.yaml', versionFolder(dir, e.name))))
      .map((e) => e.name)
      .sort(compareVersions);
  } catch {
    return [];
  }
}

/** Orders versions as semver does for releases (`v` prefix ignored; a prerelease sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => {
    const [core = '', pre] = v.replace(/^v/, '').split(/-(.*)/s);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.nums.length, pb.nums.length); i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

const hash = (file: URL) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

/**
 * Builds the contract of `<dir>/<version>/` from its vendored files. `dir` is the component's
 * `chartData` folder; sibling versions are used only to borrow what this one lacks.
 */
export function buildContract(dir: URL, version: string): ChartContract {
  const folder = versionFolder(dir, version);
  const inputs: Record<string, string> = {};
  const read = (rel: string, base = folder): string | undefined => {
    const file = new URL(rel, base);
    if (!existsSync(file)) return undefined;
    inputs[relativeTo(folder, file)] = hash(file);
    return readFileSync(file, 'utf8');
  };
  const chartYaml = (parse(read('Chart.yaml') ?? '') ?? {}) as ChartYaml;
  const own = read('template-keys.txt');
  let keysFrom: string | null = own !== undefined ? version : null;
  let keysText = own;
  if (keysText === undefined) {
    const donor = nearest(dir, version, (v) => existsSync(new URL('template-keys.txt', versionFolder(dir, v))));
    if (donor) {
      keysFrom = donor;
      keysText = read('template-keys.txt', versionFolder(dir, donor));
    }
  }
  const built = buildTree(folder, read, keysText === undefined ? undefined : parseTemplateKeys(keysText));

  const subcharts: { alias: string; chart: string; version: string; from?: string }[] = [];
  for (const dep of chartYaml.dependencies ?? []) {
    const alias = dep.alias ?? dep.name;
    let subFolder = new URL(`charts/${encodeURIComponent(dep.name)}/`, folder);
    let from: string | undefined;
    if (!existsSync(new URL('values.yaml', subFolder))) {
      const donor = nearest(dir, version, (v) => existsSync(new URL(`charts/${encodeURIComponent(dep.name)}/values.yaml`, versionFolder(dir, v))));
      if (!donor) continue;
      from = donor;
      subFolder = new URL(`charts/${encodeURIComponent(dep.name)}/`, versionFolder(dir, donor));
    }
    // The condition is read by Helm itself (`grafana.enabled`).
    if (dep.condition) for (const cond of dep.condition.split(',')) ensure(built.tree, cond.trim().split('.'));
    const subRead = (rel: string) => read(rel, subFolder);
    const subChart = (parse(subRead('Chart.yaml') ?? '') ?? {}) as ChartYaml;
    const subKeys = subRead('template-keys.txt');
    const sub = buildTree(subFolder, subRead, subKeys === undefined ? undefined : parseTemplateKeys(subKeys));
    const label = `${subChart.name ?? dep.name} ${subChart.version ?? dep.version ?? ''}`.trim();
    // Parent and subchart values of the section are merged by Helm; each side's keys are valid.
    const section = union(built.tree.c?.[alias], { ...sub.tree, s: label });
    delete section.o;
    const children = { ...(built.tree.c ?? {}), [alias]: section };
    // `global` is shared with every subchart.
    if (sub.tree.c?.['global']) children['global'] = union(children['global'], sub.tree.c['global']);
    built.tree.c = children;
    subcharts.push({ alias, chart: subChart.name ?? dep.name, version: subChart.version ?? dep.version ?? '', ...(from ? { from } : {}) });
  }
  if (built.tree.c) built.tree.c = sortKeys(built.tree.c);

  return {
    format: 1,
    chart: chartYaml.name ?? '',
    version,
    ...(chartYaml.deprecated ? { deprecated: true as const } : {}),
    inputs: Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => (a < b ? -1 : 1))),
    schema: built.schema !== undefined,
    templateKeys: keysFrom ? { from: keysFrom } : null,
    subcharts,
    tree: built.tree,
    ...(built.schema !== undefined ? { defaults: built.defaults } : {}),
  };
}

function relativeTo(folder: URL, file: URL): string {
  return relative(fileURLToPath(folder), fileURLToPath(file)).split(sep).join('/');
}

/** The vendored version closest to `version` (newer first on a tie) that passes `has`. */
function nearest(dir: URL, version: string, has: (v: string) => boolean): string | undefined {
  const all = vendoredVersions(dir).filter((v) => v !== version && has(v));
  const newer = all.filter((v) => compareVersions(v, version) > 0);
  return newer[0] ?? all[all.length - 1];
}

function buildTree(
  folder: URL,
  read: (rel: string) => string | undefined,
  keys: TemplateKeys | undefined,
): { tree: ContractNode; schema?: object; defaults: HelmValues } {
  const defaults = (parse(read('values.yaml') ?? '') ?? {}) as HelmValues;
  const schemaText = read('values.schema.json');
  const schema = schemaText === undefined ? undefined : (withoutFormats(JSON.parse(schemaText)) as Record<string, unknown>);
  void folder;
  let tree = valuesNode(defaults);
  // Where the schema declares a key, it decides the type; elsewhere the default still does.
  if (schema) tree = withSchemaKeys(tree, schema, schema, 0);
  if (keys) {
    // A key read only to fail, and declared neither by values.yaml nor the schema, was removed.
    const removed = keys.failOnly.filter((p) => !declared(tree, p));
    const removedSet = new Set(removed.map((p) => JSON.stringify(p)));
    for (const path of keys.exact) if (!removedSet.has(JSON.stringify(path))) ensure(tree, path);
    for (const path of keys.conditions) ensure(tree, path);
    for (const path of keys.open) {
      const node = ensure(tree, path);
      if (node !== tree) node.o = 1;
    }
    for (const path of removed) {
      if (declared(tree, path)) continue;
      ensure(tree, path).r = 1;
    }
  }
  return { tree, defaults, ...(schema ? { schema } : {}) };
}

/** The contract node of a values.yaml value. */
function valuesNode(value: unknown): ContractNode {
  if (value === null || value === undefined || value === '') return { o: 1 };
  if (Array.isArray(value)) return value.length === 0 ? { o: 1 } : { o: 1, t: 'a' };
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return { o: 1 };
    return { t: 'o', c: Object.fromEntries(entries.map(([k, v]) => [k, valuesNode(v)])) };
  }
  if (typeof value === 'boolean') return { t: 'b' };
  if (typeof value === 'number') return { t: 'n' };
  return { t: 's' };
}

/** Whether a path is accepted by the tree as it stands (declared, or below an open key). */
function declared(tree: ContractNode, path: readonly string[]): boolean {
  let node: ContractNode | undefined = tree;
  for (const key of path) {
    if (node.o) return true;
    node = node.c?.[key];
    if (!node) return false;
  }
  return true;
}

/** The node at `path`, created (closed, untyped) where missing. */
function ensure(tree: ContractNode, path: readonly string[]): ContractNode {
  let node = tree;
  for (const key of path) {
    node.c ??= {};
    node = node.c[key] ??= {};
  }
  return node;
}

/** Both nodes' keys; open, typed or removed as the two say together. */
function union(a: ContractNode | undefined, b: ContractNode | undefined): ContractNode {
  if (!a) return { ...b };
  if (!b) return { ...a };
  const out: ContractNode = {};
  if (a.o || b.o) out.o = 1;
  const t = a.t ?? b.t;
  if (t) out.t = t;
  if (a.r && b.r) out.r = 1;
  const s = a.s ?? b.s;
  if (s) out.s = s;
  if (a.c || b.c) {
    const keys = new Set([...Object.keys(a.c ?? {}), ...Object.keys(b.c ?? {})]);
    out.c = Object.fromEntries([...keys].map((k) => [k, union(a.c?.[k], b.c?.[k])]));
  }
  return out;
}

function sortKeys(c: Record<string, ContractNode>): Record<string, ContractNode> {
  return Object.fromEntries(
    Object.keys(c)
      .sort()
      .map((k) => {
        const n = c[k]!;
        return [k, n.c ? { ...n, c: sortKeys(n.c) } : n];
      }),
  );
}

/** Adds the keys a schema declares (through `properties`, local `$ref` and `allOf`) to the tree. */
function withSchemaKeys(node: ContractNode, schema: unknown, root: object, depth: number): ContractNode {
  if (node.o || depth > 32) return node;
  const s = resolveRef(schema, root);
  if (!isPlainObject(s)) return node;
  // A typed map (`additionalProperties: {…}`, `patternProperties`): its keys are data, not settings.
  if (isPlainObject(s['additionalProperties']) || isPlainObject(s['patternProperties'])) return { ...node, o: 1 };
  const props = new Map<string, unknown>();
  for (const part of [s, ...(Array.isArray(s['allOf']) ? s['allOf'] : [])]) {
    const resolved = resolveRef(part, root);
    if (isPlainObject(resolved) && isPlainObject(resolved['properties'])) {
      for (const [k, v] of Object.entries(resolved['properties'])) props.set(k, v);
    }
  }
  if (props.size === 0) return node;
  const children = { ...(node.c ?? {}) };
  for (const [key, sub] of props) {
    const resolved = resolveRef(sub, root);
    const fresh: ContractNode = isPlainObject(resolved) && isPlainObject(resolved['properties']) ? {} : { o: 1 };
    const existing = children[key] ? { ...children[key] } : undefined;
    if (existing) delete existing.t;
    children[key] = withSchemaKeys(existing ?? fresh, sub, root, depth + 1);
  }
  const { t: _t, ...rest } = node;
  return { ...rest, c: children };
}

function resolveRef(schema: unknown, root: object): unknown {
  let s = schema;
  for (let i = 0; i < 8 && isPlainObject(s) && typeof s['$ref'] === 'string' && s['$ref'].startsWith('#/'); i++) {
    s = s['$ref']
      .slice(2)
      .split('/')
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, key) => (isPlainObject(at) ? at[key] : undefined), root);
  }
  return s;
}

/** The contract.json text of a contract: stable bytes for the same inputs. */
export function serializeContract(contract: ChartContract): string {
  return `${JSON.stringify(contract)}\n`;
}

const cache = new Map<string, ChartContract | null>();
const schemas = new Map<string, SchemaSource>();

/**
 * The contract of `<dir>/<version>/`: its `contract.json`, read once per process; built from the
 * vendored files when the JSON is missing (a freshly added folder). Undefined without a values.yaml.
 */
export function loadContract(dir: URL, version: string): ChartContract | undefined {
  const folder = versionFolder(dir, version);
  const hit = cache.get(folder.href);
  if (hit !== undefined) return hit ?? undefined;
  let contract: ChartContract | null = null;
  const file = new URL(CONTRACT_FILE, folder);
  if (existsSync(file)) contract = JSON.parse(readFileSync(file, 'utf8')) as ChartContract;
  else if (existsSync(new URL('values.yaml', folder))) contract = buildContract(dir, version);
  // The values.yaml defaults are shared by every cluster's merged values (coalesce): none may change them.
  if (contract?.defaults) deepFreeze(contract.defaults);
  cache.set(folder.href, contract);
  return contract ?? undefined;
}

/**
 * The values.schema.json of a version, prepared for ajv: a schema source known by the file's hash,
 * read and parsed only when no precompiled validator exists for it. One per file and process.
 */
export function loadContractSchema(dir: URL, version: string): SchemaSource | undefined {
  const file = new URL('values.schema.json', versionFolder(dir, version));
  const hit = schemas.get(file.href);
  if (hit) return hit;
  if (!existsSync(file)) return undefined;
  // As Helm checks the merged values: against the schema as written, no `default` filled in.
  const source = fileSchemaSource('chart-values-schema', [file], () => loadSchema(file), { fillDefaults: false });
  schemas.set(file.href, source);
  return source;
}

/** Every key path of a contract tree that a chart accepts explicitly (not below an open key), dotted. */
export function contractPaths(tree: ContractNode): string[] {
  const out: string[] = [];
  const go = (node: ContractNode, prefix: readonly string[]) => {
    for (const [k, child] of Object.entries(node.c ?? {})) {
      const path = [...prefix, k];
      out.push(path.join('.'));
      go(child, path);
    }
  };
  go(tree, []);
  return out;
}
