/**
 * Layer 2: the final Helm values (typed values mapped, `helmValues` merged over them) against the
 * contract of the pinned chart version (see charts/contract.ts and docs/charts.md).
 *
 * - `HELM_VALUE_UNKNOWN`: a key the contract does not know (not in values.yaml, the schema, the
 *   keys the templates read, or a subchart's own contract under its alias), with a hint from the
 *   keys allowed at that level, or the place the same key lives elsewhere in the chart.
 * - `HELM_VALUE_REMOVED`: a key the templates read only to `fail` (the chart removed it), naming the
 *   version and, where known, the replacement.
 * - `HELM_VALUE_INVALID`: the merged values against `values.schema.json`; on charts without one,
 *   a value whose type differs from its values.yaml default (a number stays a number, a boolean a
 *   boolean; a null or empty default accepts anything), or from a type the component declares.
 * - `acknowledge: [{ path, reason }]` on the instance accepts what the contract does not know, at
 *   and below `path`; an acknowledgement that accepts nothing is `HELM_ACK_UNUSED`.
 * - `CHART_DATA_MISSING`: no vendored data for the pinned version, or chart values on a component
 *   that vendors none. `CHART_VERSION_UNKNOWN`: a Git tag override in another format than the pin.
 *
 * Paths are chart value paths prefixed `values.` (as in the HelmRelease's `spec.values`).
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest, distance } from 'fastest-levenshtein';
import type { ChartValueType } from '../component.js';
import type { Diagnostic } from '../errors.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { joinPath, validate } from '../validate.js';
import { mergeValues, withoutNulls } from '../values.js';
import { loadContract, loadContractSchema, vendoredVersions, type ChartContract, type ContractNode } from '../charts/contract.js';
import { EXACT_VERSION } from './policy.js';
import { isPlainObject, walkValues } from './shared.js';

/** An acknowledgement of a chart key, as a cluster writes it. */
export interface Acknowledgement {
  readonly path: string;
  readonly reason: string;
}

/** The acknowledgements of an instance (validated by the instance schema). */
export function acknowledgementsOf(c: ComponentModel): readonly Acknowledgement[] {
  const raw = c.input['acknowledge'];
  return Array.isArray(raw) ? (raw as Acknowledgement[]) : [];
}

/** What the chart sees: user values merged over its defaults as Helm does (maps merge, `null` deletes a default). */
export function coalesce(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): unknown {
  return withoutNulls(mergeValues(base, over));
}

/** Checks the final Helm values of every component against its chart contract. */
export function checkChartValues(model: ClusterModel): Diagnostic[] {
  return model.components.flatMap((c) => checkComponent(model, c));
}

/** One finding of {@link contractProblems}, before it becomes a diagnostic. */
export interface ContractProblem {
  readonly kind: 'unknown' | 'removed' | 'type';
  /** `values.cgroup.automount` */
  readonly path: string;
  /** `cgroup.automount` */
  readonly dotted: string;
  readonly key: string;
  readonly message: string;
  readonly hint?: string;
  readonly got?: unknown;
}

/**
 * What the contract says about `values`: unknown keys, removed keys and (on charts without a
 * schema) wrong types. Pure; `ack` says whether a dotted path is acknowledged.
 */
export function contractProblems(
  values: unknown,
  contract: ChartContract,
  options: { readonly types?: Readonly<Record<string, ChartValueType>>; readonly replacements?: Readonly<Record<string, string>>; readonly accepted?: (dotted: string) => boolean } = {},
): ContractProblem[] {
  const out: ContractProblem[] = [];
  const accepted = options.accepted ?? (() => false);
  const declaredType = (dotted: string): ChartValueType | undefined => {
    const types = options.types ?? {};
    if (types[dotted]) return types[dotted];
    const parts = dotted.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const t = types[`${parts.slice(0, i).join('.')}.*`];
      if (t) return t;
    }
    return undefined;
  };
  const go = (value: unknown, node: ContractNode, path: string, dotted: string): void => {
    if (!isPlainObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childDotted = dotted ? `${dotted}.${key}` : key;
      const childPath = joinPath(path, key);
      const known = node.c?.[key];
      const typeOverride = declaredType(childDotted);
      if (!known && !node.o) {
        if (accepted(childDotted)) continue;
        out.push({
          kind: 'unknown',
          path: childPath,
          dotted: childDotted,
          key,
          message: `is not a key of chart ${contract.chart} ${contract.version}${node.s ? ` (subchart ${node.s})` : ''}`,
          ...withHint(hintFor(key, node, contract.tree, dotted)),
        });
        continue;
      }
      if (known?.r) {
        if (accepted(childDotted)) continue;
        const replacement = options.replacements?.[childDotted];
        out.push({
          kind: 'removed',
          path: childPath,
          dotted: childDotted,
          key,
          message: `was removed from chart ${contract.chart}: version ${contract.version} reads it only to fail the render`,
          hint: replacement ? `use ${replacement} instead` : "see the chart's upgrade notes for what replaces it, and remove the key",
        });
        continue;
      }
      const type: AnyType | undefined = typeOverride ?? (known?.t ? inferredAsType(known.t) : undefined);
      if (type && child !== null && !matches(type, child)) {
        if (!accepted(childDotted)) {
          out.push({
            kind: 'type',
            path: childPath,
            dotted: childDotted,
            key,
            message: `must be ${describeType(type)}${typeOverride ? '' : ` (its default in values.yaml is ${describeType(type)})`}`,
            got: child,
          });
        }
        continue;
      }
      if (known && !known.o) go(child, known, childPath, childDotted);
      else if (typeOverride || Object.keys(options.types ?? {}).some((t) => t.startsWith(`${childDotted}.`))) {
        // Below an open key only the component's declared types apply.
        goTypesOnly(child, childPath, childDotted);
      }
    }
  };
  const goTypesOnly = (value: unknown, path: string, dotted: string) => {
    walkValues(value, path, (n) => {
      if (n.keys.some((k) => /^\d+$/.test(k))) return;
      const d = `${dotted}.${n.keys.join('.')}`;
      const type = declaredType(d);
      if (type && n.value !== null && !matches(type, n.value) && !accepted(d)) {
        out.push({ kind: 'type', path: n.path, dotted: d, key: n.key, message: `must be ${describeType(type)}`, got: n.value });
      }
    });
  };
  go(values, contract.tree, 'values', '');
  return out;
}

function withHint(hint: string | undefined): { hint?: string } {
  return hint ? { hint } : {};
}

/** A declared type, or one inferred from a values.yaml default. */
type AnyType = ChartValueType | 'array' | 'object' | 'scalar' | 'int-or-string-number';

function inferredAsType(t: NonNullable<ContractNode['t']>): AnyType {
  return ({ b: 'boolean', n: 'int-or-string-number', s: 'scalar', a: 'array', o: 'object' } as const)[t];
}

/** Whether a value fits a type. A number default also takes a numeric string (`"2"`, `"25%"`): templates print it. */
function matches(type: AnyType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'int-or-string':
      return typeof value === 'number' || typeof value === 'string';
    case 'int-or-string-number':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?%?$/.test(value.trim()));
    case 'scalar':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return true;
  }
}

function describeType(type: AnyType): string {
  return (
    {
      string: 'a string',
      boolean: 'a boolean (true or false, not a string)',
      number: 'a number',
      'int-or-string': 'a number or a string',
      'int-or-string-number': 'a number',
      scalar: 'a string, number or boolean',
      array: 'a list',
      object: 'a map of keys',
      any: 'anything',
    } as const
  )[type];
}

/**
 * The hint for an unknown key: the nearest key allowed at that level (a key it starts, such as
 * `bgp` → `bgpControlPlane`, before a near spelling), else where a key of that name lives elsewhere in the chart.
 */
function hintFor(key: string, node: ContractNode, root: ContractNode, parent: string): string | undefined {
  const here = Object.keys(node.c ?? {}).filter((k) => !node.c![k]!.r);
  const guess = nearestKey(key, here);
  if (guess) return `did you mean "${parent ? `${parent}.` : ''}${guess}"?`;
  const elsewhere = findKey(root, key, 3);
  if (elsewhere.length > 0) return `the chart reads "${key}" at ${elsewhere.map((p) => `"${p}"`).join(', ')}`;
  return here.length > 0 ? `keys here: ${preview(here)}` : undefined;
}

/** The closest candidate: same spelling in another case, a key that extends it, or a near spelling. */
export function nearestKey(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = word.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const extending = candidates.filter((c) => c.toLowerCase().startsWith(lower) && lower.length >= 3).sort((a, b) => a.length - b.length);
  if (extending[0]) return extending[0];
  // A renamed key that kept its words (`orphanAutoDeletion` → `orphanResourceAutoDeletion`).
  const words = camelWords(word);
  if (words.length >= 2) {
    const keeping = candidates.filter((c) => isSubsequence(words, camelWords(c))).sort((a, b) => a.length - b.length);
    if (keeping[0]) return keeping[0];
  }
  const best = closest(word, [...candidates]);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function camelWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function isSubsequence(needle: readonly string[], hay: readonly string[]): boolean {
  let i = 0;
  for (const w of hay) if (w === needle[i]) i++;
  return i === needle.length;
}

/** Dotted paths of keys named `key` anywhere in the tree (shortest first), at most `limit`. */
function findKey(root: ContractNode, key: string, limit: number): string[] {
  const found: string[] = [];
  const queue: [ContractNode, string][] = [[root, '']];
  while (queue.length > 0 && found.length < limit) {
    const [node, path] = queue.shift()!;
    for (const [k, child] of Object.entries(node.c ?? {})) {
      const p = path ? `${path}.${k}` : k;
      if (k === key && !child.r) found.push(p);
      if (found.length >= limit) break;
      queue.push([child, p]);
    }
  }
  return found;
}

function checkComponent(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const { chart, chartData } = c.spec;
  const base = { cluster: model.name, component: c.name };
  const overridden = typeof c.input['version'] === 'string';
  if (c.source.kind === 'GitRepository') return gitTag(model, c);
  if (!chart) return [];
  const version = c.source.version;
  const acks = acknowledgementsOf(c);
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
        hint: `run \`fluxgen chart pull ${c.spec.name} ${version}\` and set \`chartData: new URL('../chart/', import.meta.url)\`, or drop the values`,
      },
    ];
  }
  // A range or tag has no data folder by nature; policy reports it (POLICY_VERSION_NOT_PINNED).
  if (!EXACT_VERSION.test(version)) return [];
  const contract = loadContract(chartData, version);
  if (!contract) {
    const dir = displayPath(chartData);
    const have = vendoredVersions(chartData);
    return [
      {
        ...base,
        code: 'CHART_DATA_MISSING',
        path: 'version',
        got: version,
        source: overridden ? model.source : `@fluxgen/${c.spec.name}`,
        message: `no chart data for ${chart.name} ${version}, so its values cannot be checked`,
        hint:
          `run \`npx fluxgen chart pull ${c.spec.name} ${version}\` (writes ${dir}/${version}/)` +
          (have.length > 0 ? `, or pin a vendored version: ${have.join(', ')}` : ''),
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

  const options = c.spec.chartContract ?? {};
  const unseen = (options.unseen ?? []).map((u) => u.path);
  const used = new Set<number>();
  const covers = (prefix: string, dotted: string) => dotted === prefix || dotted.startsWith(`${prefix}.`);
  const accepted = (dotted: string) => {
    if (unseen.some((u) => covers(u, dotted))) return true;
    const i = acks.findIndex((a) => covers(stripValues(a.path), dotted));
    if (i < 0) return false;
    used.add(i);
    return true;
  };
  for (const p of contractProblems(c.helmValues, contract, { ...options, accepted })) {
    const { source, origin } = where(p.path);
    const ackHint = `; if the chart reads it anyway, acknowledge it on the instance: acknowledge: [{ path: '${p.dotted}', reason: '…' }]`;
    push({
      ...base,
      code: p.kind === 'unknown' ? 'HELM_VALUE_UNKNOWN' : p.kind === 'removed' ? 'HELM_VALUE_REMOVED' : 'HELM_VALUE_INVALID',
      path: p.path,
      source,
      message: `${p.message}${origin}`,
      ...(p.got !== undefined ? { got: p.got } : {}),
      hint: `${p.hint ?? (p.kind === 'type' ? 'give the value the type the chart expects' : 'remove the key')}${p.kind === 'removed' ? '' : ackHint}`,
    });
  }
  acks.forEach((a, i) => {
    if (used.has(i)) return;
    push({
      ...base,
      code: 'HELM_ACK_UNUSED',
      path: `acknowledge[${i}]`,
      got: a.path,
      source: model.source,
      message: `acknowledges a key that chart ${chart.name} ${version} already accepts, or that is not set`,
      hint: 'remove the acknowledgement: it would hide a future mistake at that path',
    });
  });

  const schema = contract.schema ? loadContractSchema(chartData, version) : undefined;
  if (schema) {
    const merged = coalesce(contract.defaults ?? {}, c.helmValues);
    const result = validate(schema, merged, {
      ...base,
      pathPrefix: 'values',
      invalidCode: 'HELM_VALUE_INVALID',
      unknownKeyCode: 'HELM_VALUE_UNKNOWN',
    });
    for (const d of result.diagnostics) {
      const dotted = stripValues(d.path ?? '');
      if (d.code === 'HELM_VALUE_UNKNOWN' && accepted(dotted)) continue;
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

/** `values.a.b` or `a.b` → `a.b`. */
function stripValues(path: string): string {
  return path.replace(/^values\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/**
 * A Git tag override must have the shape of the pinned tag (same prefix, same `v`): `1.6.1` for a
 * component pinned at `v1.6.1` names no release.
 */
function gitTag(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const pinned = c.spec.git?.tag;
  const version = c.source.version;
  if (!pinned || typeof c.input['version'] !== 'string' || version === pinned) return [];
  const prefix = (tag: string) => /^(.*?)\d/.exec(tag)?.[1] ?? '';
  if (prefix(version) === prefix(pinned) || !/\d/.test(version)) return [];
  const fixed = `${prefix(pinned)}${version.slice(prefix(version).length)}`;
  return [
    {
      cluster: model.name,
      component: c.name,
      code: 'CHART_VERSION_UNKNOWN',
      path: 'version',
      got: version,
      source: model.source,
      message: `is not a release tag of ${c.spec.git!.url}: its tags look like "${pinned}"`,
      hint: `did you mean "${fixed}"?`,
    },
  ];
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

