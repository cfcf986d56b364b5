/**
 * Plain JSON values: the one merge of Helm values, and reading values by dotted path.
 */

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

/** The values with every `null` (a deleted key) removed, at every depth of objects. */
export function withoutNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
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
