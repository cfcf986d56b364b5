/**
 * Schema validation with ajv: one compiled validator per schema, defaults filled in, every error
 * turned into a {@link Diagnostic} with a dotted value path and, for unknown keys and enum values,
 * the nearest valid name as a hint.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic, ErrorCode } from './errors.js';
import { addShapeKeywords } from './shapes/keywords.js';

const ajv = addShapeKeywords(new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false }));
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) and returns the validator. */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Where a diagnostic belongs, and which codes to use for generic failures. */
export interface ValidationScope {
  readonly cluster?: string;
  readonly component?: string;
  readonly source?: string;
  /** Prefix for value paths (e.g. `helmValues`), empty for top level. */
  readonly pathPrefix?: string;
  /** Code for type, range and format failures. */
  readonly invalidCode?: ErrorCode;
  /** Code for keys the schema does not know. */
  readonly unknownKeyCode?: ErrorCode;
}

export interface ValidationResult<T> {
  /** A deep copy of the input with defaults applied. */
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Whether the value cannot be used as its type says: false when every problem is a repeated
   * name (the value still has its shape, so later checks can run on it and report more).
   */
  readonly blocking: boolean;
}

/** Keywords whose failure leaves the value usable by the component's own code (a repeated name). */
const NON_BLOCKING = new Set(['uniqueBy']);

/**
 * Validates `input` against `schema`. The input is not modified: defaults are applied to a copy,
 * which is returned as `value` together with every problem found.
 */
export function validate<T>(schema: object, input: unknown, scope: ValidationScope = {}): ValidationResult<T> {
  const value = cloneData(input);
  const check = validatorFor(schema);
  if (check(value)) return { value: value as T, diagnostics: [], blocking: false };
  const errors = check.errors ?? [];
  return { value: value as T, diagnostics: toDiagnostics(errors, value, scope), blocking: errors.some((e) => !NON_BLOCKING.has(e.keyword)) };
}

/**
 * A deep copy of plain data. What a cluster file wrote may hold things that are not data (a
 * function where a value belongs): those become a marker string, so they are reported, not thrown.
 */
function cloneData(input: unknown): unknown {
  if (typeof input === 'function') return `[function ${input.name || 'anonymous'}]`;
  if (typeof input === 'symbol' || typeof input === 'bigint') return String(input);
  if (Array.isArray(input)) return input.map(cloneData);
  if (input === null || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, cloneData(v)]));
}

/** Turns a JSON pointer into the path a person reads: `/pools/0/cidr` → `pools[0].cidr`. */
export function pointerToPath(pointer: string, prefix = ''): string {
  let path = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Appends a key to a dotted path. */
export function joinPath(path: string, key: string): string {
  return pointerToPath(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, path);
}

/** The nearest candidate to `word`, when it is close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = word.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function toDiagnostics(errors: readonly ErrorObject[], data: unknown, scope: ValidationScope): Diagnostic[] {
  const prefix = scope.pathPrefix ?? '';
  // A failed anyOf/oneOf reports each branch too; keep only the summary.
  // A failed anyOf/oneOf reports each branch too. When the value has the keys of one branch (an
  // object form the user clearly meant), that branch's precise errors stand and the summary goes;
  // otherwise only the summary stays.
  const chosen = new Map<ErrorObject, string>();
  for (const u of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const branch = meantBranch(u);
    if (branch !== undefined) chosen.set(u, `${u.schemaPath}/${branch}/`);
  }
  const unions = errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !chosen.has(e));
  const kept = errors.filter(
    (e) =>
      !chosen.has(e) &&
      ![...chosen].some(([u, prefix]) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`) && !e.schemaPath.startsWith(prefix)) &&
      !unions.some((u) => u !== e && e.schemaPath.startsWith(u.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/'))) &&
      // A failed if/then reports "must match then" beside the precise error it found; keep the precise one.
      !(e.keyword === 'if' && errors.some((o) => o !== e && o.keyword !== 'if' && o.instancePath.startsWith(e.instancePath))),
  );
  const out: Diagnostic[] = [];
  const base = { cluster: scope.cluster, component: scope.component, source: scope.source };
  for (const e of kept) {
    const at = pointerToPath(e.instancePath, prefix);
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params['additionalProperty']);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = didYouMean(key, known);
      out.push(
        clean({
          ...base,
          code: scope.unknownKeyCode ?? 'VALUE_UNKNOWN_KEY',
          path: joinPath(at, key),
          message: 'unknown key',
          hint: guess
            ? `did you mean "${guess}"?`
            : known.length > 0
              ? `known keys here: ${known.join(', ')}`
              : undefined,
        }),
      );
    } else if (e.keyword === 'required') {
      out.push(
        clean({
          ...base,
          code: 'VALUE_MISSING',
          path: joinPath(at, String(e.params['missingProperty'])),
          message: 'is required',
        }),
      );
    } else if (e.keyword === 'enum') {
      const allowed = (e.params['allowedValues'] as unknown[]).map(String);
      const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      out.push(
        clean({
          ...base,
          code: scope.invalidCode ?? 'VALUE_INVALID',
          path: at,
          message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
          got: e.data,
          hint: guess ? `did you mean "${guess}"?` : undefined,
        }),
      );
    } else if (e.keyword === 'uniqueBy') {
      out.push(clean({ ...base, code: 'NAME_DUPLICATE', path: at, message: describe(e) }));
    } else {
      out.push(
        clean({
          ...base,
          code: scope.invalidCode ?? 'VALUE_INVALID',
          path: at,
          message: describe(e),
          got: e.data === data && e.instancePath === '' ? undefined : e.data,
        }),
      );
    }
  }
  return out;
}

/** The branch of a failed union whose declared keys cover the object's keys, if exactly one does. */
function meantBranch(u: ErrorObject): number | undefined {
  const branches = u.schema as unknown;
  if (!Array.isArray(branches) || typeof u.data !== 'object' || u.data === null || Array.isArray(u.data)) return undefined;
  const keys = Object.keys(u.data);
  const fits = branches
    .map((b, i) => ({ i, props: Object.keys((b as { properties?: object }).properties ?? {}) }))
    .filter(({ props }) => props.length > 0 && keys.length > 0 && keys.every((k) => props.includes(k)));
  return fits.length === 1 ? fits[0]!.i : undefined;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'shape':
    case 'uniqueBy':
      return e.message ?? 'is not of the expected form';
    case 'pattern': {
      // A pattern is a last resort (shapes say what they want in words): show the field's own words.
      const words = (e.parentSchema as { description?: string } | undefined)?.description;
      return words ? `is not in the form this field takes: ${words}` : 'is not in the form this field takes';
    }
    case 'anyOf':
    case 'oneOf':
      return 'must match one of the allowed forms';
    case 'maxProperties':
      return `takes at most ${String(e.params['limit'])} of its fields (got ${Object.keys(e.data as object).join(', ')})`;
    case 'minProperties':
      return `needs at least ${String(e.params['limit'])} field${e.params['limit'] === 1 ? '' : 's'}`;
    case 'not':
      return 'must not be set here';
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

function clean(d: Diagnostic): Diagnostic {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && v !== '')) as unknown as Diagnostic;
}
