/**
 * Plain JSON values: the one merge of Helm values, reading values by dotted path, and the walk over them.
 */
import { joinPath } from './validate.js';

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `over` into `base` the way Helm layers values: objects merge key by key, anything else
 * replaces, and `null` deletes what `base` had. The `null` stays in the result, so that Helm also
 * deletes the chart's own default for that key; {@link withoutNulls} gives what the chart then sees.
 */
export function mergeValues(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** Frozen objects known to hold no `null` at any depth of objects (a frozen object cannot gain one). */
const nullFree = new WeakSet<object>();

/**
 * The values with every `null` (a deleted key) removed, at every depth of objects. An object with
 * no `null` below it is returned as it is, not copied: the result shares what it did not change.
 * A chart's values.yaml defaults ({@link deepFreeze}d when read) are walked once per process.
 */
export function withoutNulls(value: unknown): unknown {
  if (!isPlainObject(value) || nullFree.has(value)) return value;
  const out = withoutNullsBelow(value);
  // Remembered only when neither it nor any object below it can change.
  if (out === value && Object.isFrozen(value) && Object.values(value).every((v) => !isPlainObject(v) || nullFree.has(v))) nullFree.add(value);
  return out;
}

function withoutNullsBelow(value: Record<string, unknown>): unknown {
  let kept: [string, unknown][] | undefined;
  const entries = Object.entries(value);
  for (let i = 0; i < entries.length; i++) {
    const [key, child] = entries[i]!;
    const clean = child === null ? child : withoutNulls(child);
    if (kept === undefined && (child === null || clean !== child)) kept = entries.slice(0, i);
    if (kept !== undefined && child !== null) kept.push([key, clean]);
  }
  return kept === undefined ? value : Object.fromEntries(kept);
}

/** Freezes a value and every object and list below it (values that many clusters share and none may change). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The keys of a dotted path (`cni.exclusive` → cni, exclusive). */
function keysOf(path: string): string[] {
  return path.split('.').filter((k) => k !== '');
}

/** The value at a dotted path, or undefined when any part is missing. */
export function getPath(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const key of keysOf(path)) {
    if (!isPlainObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

/** An object holding `value` at a dotted path (`setPath('a.b', 1)` → `{ a: { b: 1 } }`). */
export function atPath(path: string, value: unknown): Record<string, unknown> {
  return keysOf(path).reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** Whether a value counts as set for a field rule: present, and not false, 0, '' or an empty list. */
export function isSet(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '' || (Array.isArray(value) && value.length === 0));
}

/**
 * What the chart sees: user values merged over its defaults as Helm does (maps merge, `null` deletes
 * a default). Shares the parts of both that it does not change: read it, do not change it.
 */
export function coalesce(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): unknown {
  return withoutNulls(mergeValues(base, over));
}

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

/**
 * A node of {@link walkValues}: its path and keys are put together only when asked for (most
 * visits read neither: a check looks at the value, and at the path only to report it).
 */
class Visit implements ValueVisit {
  #path: string | undefined;
  #keys: readonly string[] | undefined;
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly parent: unknown,
    private readonly up: Visit | undefined,
    private readonly prefix: string,
  ) {}
  get path(): string {
    return (this.#path ??= joinPath(this.up ? this.up.path : this.prefix, this.key));
  }
  get keys(): readonly string[] {
    return (this.#keys ??= this.up ? [...this.up.keys, this.key] : [this.key]);
  }
}

/** Calls `visit` for every value below `root` (not the root itself), depth first, in key order. */
export function walkValues(root: unknown, prefix: string, visit: (node: ValueVisit) => void): void {
  const go = (value: unknown, up: Visit | undefined): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const node = new Visit(String(i), value[i], value, up, prefix);
        visit(node);
        go(node.value, node);
      }
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const node = new Visit(key, child, value, up, prefix);
        visit(node);
        go(child, node);
      }
    }
  };
  go(root, undefined);
}
