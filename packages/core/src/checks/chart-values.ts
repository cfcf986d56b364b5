/**
 * Layer 2: the final Helm values (typed values mapped, `helmValues` merged over them) against the
 * pinned chart, using the chart data a component vendors (`chartData`: one folder per version with
 * the chart's `values.yaml`, and its `values.schema.json` when upstream ships one).
 *
 * - With a schema: the values, merged over the chart defaults as Helm does, are validated with ajv
 *   (`HELM_VALUE_INVALID`, `HELM_VALUE_UNKNOWN` where the schema is strict).
 * - Always: every key path of the values must exist in the key tree of `values.yaml` (or be
 *   declared by the schema, or be listed in the component's `undeclaredChartKeys`). Below a key that
 *   values.yaml sets to `{}`, a list, `~` or a scalar, anything goes. That is what catches
 *   `cgroup.automount` on a chart whose schema is not strict (`HELM_VALUE_UNKNOWN`, with the
 *   nearest real key as the hint).
 * - A pinned version without a data folder is `CHART_DATA_MISSING`, and so are chart values set on a
 *   component that vendors no chart data at all (a component without `chartData` passes only while
 *   its final chart values are empty).
 *
 * Paths are chart value paths prefixed `values.` (as in the HelmRelease's `spec.values`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { HelmValues } from '../component.js';
import type { Diagnostic } from '../errors.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { didYouMean, joinPath, validate } from '../validate.js';
import { EXACT_VERSION } from './policy.js';
import { isPlainObject, loadSchema, walkValues } from './shared.js';

/** The keys a chart reads, as far as its values.yaml (and schema) say. */
export interface KeyNode {
  /** Anything is allowed below (values.yaml has `{}`, a list, `~` or a scalar here). */
  readonly open: boolean;
  readonly children: ReadonlyMap<string, KeyNode>;
}

/** One pinned chart version's vendored data, parsed. */
export interface ChartData {
  /** The chart's default values (values.yaml). */
  readonly defaults: HelmValues;
  /** values.schema.json, when the chart ships one. */
  readonly schema?: object;
  /** Key tree of values.yaml, plus the keys the schema declares. */
  readonly keys: KeyNode;
}

const OPEN: KeyNode = { open: true, children: new Map() };
const loaded = new Map<string, ChartData | null>();

/**
 * The chart data of `version` under a component's `chartData` folder, or undefined when there is
 * no `<version>/values.yaml`. Read and parsed once per process.
 */
export function loadChartData(dir: URL, version: string): ChartData | undefined {
  const folder = new URL(`${encodeURIComponent(version)}/`, asFolder(dir));
  const cached = loaded.get(folder.href);
  if (cached !== undefined) return cached ?? undefined;
  const valuesFile = new URL('values.yaml', folder);
  if (!existsSync(valuesFile)) {
    loaded.set(folder.href, null);
    return undefined;
  }
  const defaults = (parse(readFileSync(valuesFile, 'utf8')) ?? {}) as HelmValues;
  const schemaFile = new URL('values.schema.json', folder);
  const schema = existsSync(schemaFile) ? loadSchema(schemaFile) : undefined;
  const keys = schema ? withSchemaKeys(keyTree(defaults), schema, schema, 0) : keyTree(defaults);
  const data: ChartData = { defaults, keys, ...(schema ? { schema } : {}) };
  loaded.set(folder.href, data);
  return data;
}

/** `chartData` as a folder URL, whether or not it was written with a trailing slash. */
function asFolder(dir: URL): URL {
  return dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
}

/** The versions that have a data folder (for hints). */
function versionsIn(dir: URL): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(new URL(`${encodeURIComponent(e.name)}/values.yaml`, asFolder(dir))))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The key tree of a values.yaml document. */
export function keyTree(value: unknown): KeyNode {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return OPEN;
  return { open: false, children: new Map(Object.entries(value).map(([k, v]) => [k, keyTree(v)])) };
}

/** Adds the keys a schema declares (through `properties`, local `$ref` and `allOf`) to a key tree. */
function withSchemaKeys(node: KeyNode, schema: unknown, root: object, depth: number): KeyNode {
  if (node.open || depth > 32) return node;
  const s = resolveRef(schema, root);
  if (!isPlainObject(s)) return node;
  // A typed map (`additionalProperties: {…}`, `patternProperties`): its keys are data, not settings.
  if (isPlainObject(s['additionalProperties']) || isPlainObject(s['patternProperties'])) return OPEN;
  const props = new Map<string, unknown>();
  for (const part of [s, ...(Array.isArray(s['allOf']) ? s['allOf'] : [])]) {
    const resolved = resolveRef(part, root);
    if (isPlainObject(resolved) && isPlainObject(resolved['properties'])) {
      for (const [k, v] of Object.entries(resolved['properties'])) props.set(k, v);
    }
  }
  if (props.size === 0) return node;
  const children = new Map(node.children);
  for (const [key, sub] of props) {
    const resolved = resolveRef(sub, root);
    const declared = isPlainObject(resolved) && isPlainObject(resolved['properties']) ? { open: false, children: new Map() } : OPEN;
    children.set(key, withSchemaKeys(children.get(key) ?? declared, sub, root, depth + 1));
  }
  return { open: false, children };
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

/** Merges user values over chart defaults as Helm does: maps merge, `null` deletes a default. */
export function coalesce(base: unknown, over: unknown): unknown {
  if (!isPlainObject(over) || !isPlainObject(base)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = coalesce(out[key], value);
  }
  return out;
}

/** Checks the final Helm values of every component that vendors chart data. */
export function checkChartValues(model: ClusterModel): Diagnostic[] {
  return model.components.flatMap((c) => checkComponent(model, c));
}

function checkComponent(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const { chart, chartData } = c.spec;
  if (!chart || c.source.kind === 'GitRepository') return [];
  const version = c.source.version;
  const overridden = typeof c.input['version'] === 'string';
  const base = { cluster: model.name, component: c.name };
  if (!chartData) {
    // Nothing to check against: acceptable only while there is nothing to check.
    const keys = Object.keys(c.helmValues);
    if (keys.length === 0) return [];
    return [
      {
        ...base,
        code: 'CHART_DATA_MISSING',
        path: `values.${keys[0]}`,
        source: c.input['helmValues'] !== undefined ? model.source : `@fluxgen/${c.spec.name}`,
        message: `sets chart values, but @fluxgen/${c.spec.name} vendors no chart data for ${chart.name}, so they cannot be checked`,
        hint: `add chart/${version}/values.yaml to @fluxgen/${c.spec.name} (copied unchanged from the chart) with \`chartData\`, or drop the values`,
      },
    ];
  }
  // A range or tag has no data folder by nature; policy reports it (POLICY_VERSION_NOT_PINNED).
  if (!EXACT_VERSION.test(version)) return [];
  const data = loadChartData(chartData, version);
  if (!data) {
    const dir = displayPath(chartData);
    const have = versionsIn(chartData);
    return [
      {
        ...base,
        code: 'CHART_DATA_MISSING',
        path: 'version',
        got: version,
        source: overridden ? model.source : `@fluxgen/${c.spec.name}`,
        message: `no chart data for ${chart.name} ${version}, so its values cannot be checked`,
        hint:
          `add ${dir}/${version}/ with the chart's values.yaml (and values.schema.json if it ships one), copied unchanged from ` +
          `${chart.name} ${version}, and note their origin in ${dir}/SOURCE.md` +
          (have.length > 0 ? `; or pin a version that has data: ${have.join(', ')}` : ''),
      },
    ];
  }

  // Which paths the cluster wrote itself (helmValues), and which the component mapped.
  const fromCluster = new Set<string>();
  walkValues(c.input['helmValues'], 'values', (n) => fromCluster.add(n.path));
  const where = (path: string) =>
    fromCluster.has(path)
      ? { source: model.source, origin: '' }
      : { source: `@fluxgen/${c.spec.name}`, origin: ' (set by the component from typed values: a bug in its mapping)' };

  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    if (seen.has(`${d.code} ${d.path}`)) return;
    seen.add(`${d.code} ${d.path}`);
    out.push(d);
  };

  const allowed = c.spec.undeclaredChartKeys ?? [];
  for (const unknown of unknownKeys(c.helmValues, data.keys, allowed)) {
    const { source, origin } = where(unknown.path);
    const guess = didYouMean(unknown.key, unknown.siblings);
    push({
      ...base,
      code: 'HELM_VALUE_UNKNOWN',
      path: unknown.path,
      source,
      message: `is not a key of chart ${chart.name} ${version}${origin}`,
      hint: guess
        ? `did you mean "${guess}"?`
        : `the chart's values.yaml has no such key` +
          (unknown.siblings.length > 0 ? ` (keys here: ${preview(unknown.siblings)})` : '') +
          `; if its templates read it anyway, add "${unknown.dotted}" to undeclaredChartKeys of @fluxgen/${c.spec.name}`,
    });
  }

  if (data.schema) {
    const merged = coalesce(data.defaults, c.helmValues);
    const result = validate(data.schema, merged, {
      ...base,
      pathPrefix: 'values',
      invalidCode: 'HELM_VALUE_INVALID',
      unknownKeyCode: 'HELM_VALUE_UNKNOWN',
    });
    for (const d of result.diagnostics) {
      const { source, origin } = where(d.path ?? '');
      push({
        ...d,
        code: d.code === 'VALUE_MISSING' ? 'HELM_VALUE_INVALID' : d.code,
        message: `${d.message}${d.code === 'VALUE_MISSING' ? ' by the chart' : ''}${origin}`,
        source,
      });
    }
  }
  return out;
}

/** A key path of the values that the chart does not declare. */
export interface UnknownKey {
  /** `values.cgroup.automount` */
  readonly path: string;
  /** `cgroup.automount`, as undeclaredChartKeys lists it. */
  readonly dotted: string;
  readonly key: string;
  /** The keys the chart declares beside it. */
  readonly siblings: readonly string[];
}

/**
 * Every key path of `values` that is not in `tree`, except those at or below an entry of
 * `allowed` (dotted paths such as `storageClasses`).
 */
export function unknownKeys(values: unknown, tree: KeyNode, allowed: readonly string[]): UnknownKey[] {
  const out: UnknownKey[] = [];
  const isAllowed = (dotted: string) => allowed.some((a) => dotted === a || dotted.startsWith(`${a}.`));
  const go = (value: unknown, node: KeyNode, path: string, dotted: string): void => {
    if (node.open || !isPlainObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childDotted = dotted ? `${dotted}.${key}` : key;
      const childPath = joinPath(path, key);
      const known = node.children.get(key);
      if (known) go(child, known, childPath, childDotted);
      else if (!isAllowed(childDotted)) {
        out.push({ path: childPath, dotted: childDotted, key, siblings: [...node.children.keys()] });
      }
    }
  };
  go(values, tree, 'values', '');
  return out;
}

function preview(keys: readonly string[]): string {
  return keys.length > 12 ? `${keys.slice(0, 12).join(', ')}, …` : keys.join(', ');
}

/** A folder as a person finds it: relative to the working directory when inside it. */
function displayPath(dir: URL): string {
  const abs = fileURLToPath(dir).replace(/[\\/]$/, '');
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') ? rel : abs).split(sep).join('/');
}
