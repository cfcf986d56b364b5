/**
 * What a chart contract says about a set of Helm values: keys it does not know (with a hint),
 * keys the chart removed, and (on charts without a schema) values of the wrong type. Pure: the
 * check layer (checks/chart-values.ts) and `fluxgen chart diff` turn the findings into messages.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { ChartValueType } from '../component.js';
import { joinPath } from '../validate.js';
import { isPlainObject, walkValues } from '../values.js';
import type { ChartContract, ContractNode } from './contract.js';

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
 * schema) wrong types. Pure; `accepted` says whether a dotted path is acknowledged.
 */
export function contractProblems(
  values: unknown,
  contract: ChartContract,
  options: { readonly types?: Readonly<Record<string, ChartValueType>>; readonly replacements?: Readonly<Record<string, string>>; readonly accepted?: (dotted: string) => boolean } = {},
): ContractProblem[] {
  const out: ContractProblem[] = [];
  const accepted = options.accepted ?? (() => false);
  const types = typeIndex(options.types);
  const declaredType = (dotted: string): ChartValueType | undefined => {
    const exact = types.exact.get(dotted);
    if (exact) return exact;
    // `a.b.*` covers everything below a.b; the nearest one wins.
    for (let at = dotted.lastIndexOf('.'); at > 0 && types.wildcards.size > 0; at = dotted.lastIndexOf('.', at - 1)) {
      const t = types.wildcards.get(dotted.slice(0, at));
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
      else if (typeOverride || types.above.has(childDotted)) {
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

/** A component's declared types, indexed once per spec. */
interface TypeIndex {
  /** By dotted path, as declared. */
  readonly exact: ReadonlyMap<string, ChartValueType>;
  /** `a.b.*` as `a.b`. */
  readonly wildcards: ReadonlyMap<string, ChartValueType>;
  /** Every path with a declared type below it (`a` and `a.b` for `a.b.c`). */
  readonly above: ReadonlySet<string>;
}

const typeIndexes = new WeakMap<object, TypeIndex>();
const NO_TYPES: TypeIndex = { exact: new Map(), wildcards: new Map(), above: new Set() };

function typeIndex(types: Readonly<Record<string, ChartValueType>> | undefined): TypeIndex {
  if (!types) return NO_TYPES;
  let index = typeIndexes.get(types);
  if (!index) {
    const exact = new Map<string, ChartValueType>();
    const wildcards = new Map<string, ChartValueType>();
    const above = new Set<string>();
    for (const [path, type] of Object.entries(types)) {
      if (!type) continue;
      exact.set(path, type);
      if (path.endsWith('.*')) wildcards.set(path.slice(0, -2), type);
      for (let at = path.indexOf('.'); at >= 0; at = path.indexOf('.', at + 1)) above.add(path.slice(0, at));
    }
    index = { exact, wildcards, above };
    typeIndexes.set(types, index);
  }
  return index;
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

/** At most twelve keys, for a hint. */
function preview(keys: readonly string[]): string {
  return keys.length > 12 ? `${keys.slice(0, 12).join(', ')}, …` : keys.join(', ');
}
