/**
 * Schema validation with ajv: one compiled validator per schema, defaults filled in, every error
 * turned into a {@link Diagnostic} with a dotted value path and, for unknown keys and enum values,
 * the nearest valid name as a hint.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic, ErrorCode } from './errors.js';

const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false });
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
}

/**
 * Validates `input` against `schema`. The input is not modified: defaults are applied to a copy,
 * which is returned as `value` together with every problem found.
 */
export function validate<T>(schema: object, input: unknown, scope: ValidationScope = {}): ValidationResult<T> {
  const value = structuredClone(input);
  const check = validatorFor(schema);
  if (check(value)) return { value: value as T, diagnostics: [] };
  return { value: value as T, diagnostics: toDiagnostics(check.errors ?? [], value, scope) };
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
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const kept = errors.filter(
    (e) =>
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

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'pattern':
      return `must match ${String(e.params['pattern'])}`;
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
