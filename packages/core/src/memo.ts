/**
 * Results of pure functions of data, kept for the life of one process, by the exact data they were
 * computed from. Clusters of one fleet share most of what they render (the same chart values, the
 * same objects), and a run over many clusters then serialises and validates each shared piece once.
 *
 * A key is the SHA-256 of the value's V8 serialisation ({@link dataKey}), which tells apart all
 * that the YAML writer and the validators tell apart: key order, `null` and `undefined`, `0` and
 * `-0`, a string and a number, an empty list slot. Equal keys mean equal data, since the
 * serialisation reads back as the same value. What is not plain data ({@link isPlainData}: a
 * function, a class instance, a Date) has no key, and is computed every time. V8 writes a frozen
 * list in another form than an unfrozen one, so a sealed value ({@link seal}) and an equal
 * unsealed one do not share a key: a result computed twice, never a wrong one.
 *
 * A memo holds at most `budget` units of what it stores (characters of text, or entries), then
 * stops adding: a run over many different clusters pays a key per piece and nothing more.
 * `FLUXGEN_MEMO=0` turns every memo off (each piece computed for each cluster, as if no two
 * clusters shared anything: for measuring, or to rule the memos out).
 */
import { hash } from 'node:crypto';
import { serialize } from 'node:v8';

/** Whether memos are on (`FLUXGEN_MEMO=0`: off). */
const ON = process.env['FLUXGEN_MEMO'] !== '0';

/**
 * Values deep-frozen by {@link seal}: their key once computed, `null` until then, and `false` for a
 * value that holds something other than plain data (it has no key).
 */
const sealed = new WeakMap<object, string | null | false>();

/**
 * Deep-freezes a value that will be keyed more than once (a rendered document: its YAML, its
 * schema check and its policy scan each look it up), so that its key is computed once.
 */
export function seal<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !sealed.has(value)) sealed.set(value, freezePlain(value) ? null : false);
  return value;
}

/**
 * Deep-freezes a value; whether it is all plain data (see {@link isPlainData}). Data nests a few
 * levels deep; below {@link MAX_DEPTH} a value is taken for a circle, and is not plain.
 */
function freezePlain(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function' && typeof value !== 'symbol';
  if (depth > MAX_DEPTH) return false;
  Object.freeze(value);
  let plain = isPlainContainer(value);
  for (const child of Object.values(value)) if (!freezePlain(child, depth + 1)) plain = false;
  return plain;
}

const MAX_DEPTH = 200;

/**
 * Whether a value is plain data all the way down: primitives, lists and objects made by `{}`
 * (or with no prototype). A class instance, a Date or a Map has no key even when V8 could
 * serialise it: the YAML library reads an object's `toJSON` and iterates anything iterable,
 * which two such values with the same fields may do differently.
 */
function isPlainData(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function' && typeof value !== 'symbol';
  if (depth > MAX_DEPTH || !isPlainContainer(value)) return false;
  for (const child of Object.values(value)) if (!isPlainData(child, depth + 1)) return false;
  return true;
}

function isPlainContainer(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || (proto === Array.prototype && Array.isArray(value));
}

/** The key of a value's exact data, or undefined when it is not plain data. */
export function dataKey(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return keyOf(value);
  const known = sealed.get(value);
  if (known === false) return undefined;
  if (typeof known === 'string') return known;
  if (known === undefined) return isPlainData(value) ? keyOf(value) : undefined;
  const key = keyOf(value);
  sealed.set(value, key ?? false);
  return key;
}

function keyOf(value: unknown): string | undefined {
  let bytes: Buffer;
  try {
    bytes = serialize(value);
  } catch {
    return undefined;
  }
  return hash('sha256', bytes, 'base64');
}

/** A bounded map from data keys to results. */
export class Memo<T> {
  private readonly entries = new Map<string, T>();
  private used = 0;

  /** `weight`: what an entry costs against `budget` (default: 1 per entry). */
  constructor(
    private readonly budget: number,
    private readonly weight: (value: T) => number = () => 1,
  ) {}

  /**
   * The result for `data`: remembered, or computed by `compute` (and remembered while there is
   * room). `qualifier`: what else the result depends on, in words that tell its values apart (a
   * namespace, a list of paths); results for the same data and another qualifier are kept apart.
   */
  get(data: unknown, compute: () => T, qualifier?: string): T {
    const key = this.keyOf(data, qualifier);
    if (key === undefined) return compute();
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.keep(key, value);
    return value;
  }

  /** The key of `data` (and `qualifier`) in this memo; undefined when memos are off or it is not plain data. */
  keyOf(data: unknown, qualifier?: string): string | undefined {
    const key = ON ? dataKey(data) : undefined;
    return key === undefined || qualifier === undefined ? key : `${key} ${JSON.stringify(qualifier)}`;
  }

  /** The result remembered under `key`, if any. */
  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` under `key` while there is room. */
  keep(key: string, value: T): void {
    if (this.entries.has(key)) return;
    const cost = this.weight(value);
    if (this.used + cost <= this.budget) {
      this.entries.set(key, value);
      this.used += cost;
    }
  }

  /** How many results are remembered (for tests). */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Which data each validator already found valid: `check` runs only for data not seen valid against
 * `schema` before, and its problems (never remembered) are returned as they are. For validation
 * that has no other result than its problems.
 */
export class ValidOnce {
  private readonly seen = new WeakMap<object, Set<string>>();
  private count = 0;

  constructor(private readonly budget: number) {}

  problems<P>(schema: object, data: unknown, check: () => readonly P[]): readonly P[] {
    const key = ON ? dataKey(data) : undefined;
    if (key === undefined) return check();
    let valid = this.seen.get(schema);
    if (valid?.has(key)) return [];
    const problems = check();
    if (problems.length === 0 && this.count < this.budget) {
      if (!valid) this.seen.set(schema, (valid = new Set()));
      valid.add(key);
      this.count++;
    }
    return problems;
  }
}
