/**
 * Schema validation with ajv: one validator per schema, defaults filled in, every error turned
 * into a {@link Diagnostic} with a dotted value path and, for unknown keys and enum values, the
 * nearest valid name as a hint.
 *
 * Validators are not compiled at run time when they can be loaded: `npm run build` writes ajv
 * standalone code for every schema fluxgen knows ahead of time (`scripts/validators.ts`: cluster
 * options, every component's values, secret backends, chart `values.schema.json` per version, the
 * Flux and Kubernetes object schemas, every vendored CRD version) into `dist/validators/`, one
 * CommonJS file per schema, named by the hash of what it validates ({@link validatorKey}). A
 * schema without a file there (a source run, a component edited since the build) is compiled with
 * ajv, with the same options and keyword functions: the errors are the same either way.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { Diagnostic, ErrorCode } from './errors.js';
import { Memo } from './memo.js';
import { addShapeKeywords, SHAPE_KEYWORDS } from './shapes/keywords.js';
import { precompiledIsCurrent } from './precompiled.js';

const require = createRequire(import.meta.url);

/**
 * The ajv options of every validator, compiled at run time or ahead of it. `passContext`: keyword
 * functions are called with the caller's `this` (they use none), not the ajv instance, which a
 * precompiled validator does not have.
 */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, verbose: true, strict: false, passContext: true } as const;

/**
 * The options of a schema that fills no defaults ({@link SchemaSource.fillDefaults} false): a chart's
 * values.schema.json, which Helm checks the merged values against as they are (Helm applies no
 * schema `default`). Such a validator changes nothing, so the value is validated without a copy.
 */
export const AS_WRITTEN_AJV_OPTIONS = { ...AJV_OPTIONS, useDefaults: false } as const;

/**
 * Changes when what a key stands for changes without the schema text changing: the ajv options,
 * the keywords' code generation, or how a file becomes a schema (`SchemaSource` derivations).
 */
const CODEGEN_VERSION = '1';

/** A schema read from a file, known by a key computed from the file's bytes, loaded only when compiled. */
export interface SchemaSource {
  readonly kind: 'fluxgen.schema-source';
  /** {@link validatorKey} of the schema: the same bytes and derivation give the same key. */
  readonly key: string;
  /** The schema, as ajv compiles it. */
  load(): object;
  /**
   * Whether validation fills in the schema's defaults (on a copy of the value). `false` for chart
   * values: Helm validates them as they are. @default true
   */
  readonly fillDefaults?: boolean;
}

const fileHashes = new Map<string, string>();
/** The sha256 of a file's bytes, read once per process. */
export function fileHash(file: URL): string {
  let hash = fileHashes.get(file.href);
  if (hash === undefined) fileHashes.set(file.href, (hash = createHash('sha256').update(readFileSync(file)).digest('hex')));
  return hash;
}

/**
 * A schema derived from files: its key is the derivation's name and the files' hashes, so the file
 * is not even parsed when a precompiled validator exists.
 */
export function fileSchemaSource(derivation: string, files: readonly URL[], load: () => object, options: { readonly fillDefaults?: boolean } = {}): SchemaSource {
  let schema: object | undefined;
  const fillDefaults = options.fillDefaults ?? true;
  return {
    kind: 'fluxgen.schema-source',
    key: validatorKey(`${derivation}${fillDefaults ? '' : ' as-written'} ${files.map(fileHash).join(' ')}`),
    load: () => (schema ??= load()),
    ...(fillDefaults ? {} : { fillDefaults }),
  };
}

/** Whether validating against a schema fills in its defaults (see {@link SchemaSource.fillDefaults}). */
function fillsDefaults(schema: object): boolean {
  return !isSchemaSource(schema) || schema.fillDefaults !== false;
}

/** Whether a value is a {@link SchemaSource}. */
function isSchemaSource(value: object): value is SchemaSource {
  return (value as { kind?: unknown }).kind === 'fluxgen.schema-source';
}

/** The key of a validator: a hash of the text it is derived from (a schema as JSON, or a file and its derivation). */
export function validatorKey(text: string): string {
  return createHash('sha256').update(`fluxgen-validator ${CODEGEN_VERSION} ${ajvVersion()}\n`).update(text).digest('hex').slice(0, 32);
}

let version: string | undefined;
function ajvVersion(): string {
  return (version ??= (require('ajv/package.json') as { version: string }).version);
}

/** The key of an in-memory schema (a TypeBox schema, a derived one). */
export function schemaKey(schema: object): string {
  return isSchemaSource(schema) ? schema.key : validatorKey(`json ${JSON.stringify(schema)}`);
}

/**
 * Where `npm run build` puts precompiled validators: packages/core/dist/validators/. Core run from
 * its sources (tests, tsx) or from the bundle reads them, while they were compiled by the same core
 * sources (precompiled.ts); a validator is found by the hash of its schema.
 */
export const VALIDATORS_DIR = new URL(import.meta.url.endsWith('.ts') ? '../dist/validators/' : './validators/', import.meta.url);
/** The folder, when its validators were compiled by the core that runs now (precompiled.ts). */
let precompiledDir: string | false | undefined;
const precompiled = (): string | undefined => {
  precompiledDir ??= existsSync(VALIDATORS_DIR) && precompiledIsCurrent() ? fileURLToPath(VALIDATORS_DIR) : false;
  return precompiledDir || undefined;
};

const compilers = new Map<boolean, Ajv>();
/** The run-time compiler (one filling defaults, one not), loaded only when a schema has no precompiled validator. */
function compiler(fillDefaults: boolean): Ajv {
  let ajv = compilers.get(fillDefaults);
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = addShapeKeywords(new AjvClass({ ...(fillDefaults ? AJV_OPTIONS : AS_WRITTEN_AJV_OPTIONS) }));
    compilers.set(fillDefaults, ajv);
  }
  return ajv;
}

/** A validator compiled at run time, never loaded from a precompiled file (what precompiled ones are compared with). */
export function compileAtRunTime(schema: object): ValidateFunction {
  return compiler(fillsDefaults(schema)).compile(isSchemaSource(schema) ? schema.load() : schema);
}

const compiled = new WeakMap<object, ValidateFunction>();
const byKey = new Map<string, ValidateFunction>();

/** The validator of a schema: precompiled when `npm run build` wrote one, compiled once per process otherwise. */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  const key = schemaKey(schema);
  validate = byKey.get(key) ?? load(key) ?? compileAtRunTime(schema);
  byKey.set(key, validate);
  compiled.set(schema, validate);
  return validate;
}

function load(key: string): ValidateFunction | undefined {
  const dir = precompiled();
  if (!dir) return undefined;
  const file = `${dir}${key}.cjs`;
  if (!existsSync(file)) return undefined;
  const cache = `${dir}${key}.v8`;
  const cachedData = existsSync(cache) ? readFileSync(cache) : undefined;
  const { validate, script } = loadStandalone(file, cachedData);
  if (cachedData) codeCaches[script.cachedDataRejected ? 'rejected' : 'used']++;
  return validate;
}

const codeCaches = { used: 0, rejected: 0 };

/**
 * How many precompiled validators this process loaded with their V8 code cache, and how many
 * caches V8 rejected (another Node version, or other V8 flags than the build's: see v8-tuning.ts).
 * For `--debug`.
 */
export function codeCacheUse(): { readonly used: number; readonly rejected: number } {
  return { ...codeCaches };
}

/**
 * Loads a precompiled validator module (its `require` is core's: it needs ajv's run-time helpers). With `cachedData` (V8's code cache of the module, written
 * by `npm run build` after one call), V8 skips parsing and compiling it; a cache this V8 rejects is
 * ignored (the module is compiled as usual).
 */
export function loadStandalone(file: string, cachedData?: Buffer): { validate: ValidateFunction; script: Script } {
  const source = `(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (m: typeof mod, e: unknown, r: NodeJS.Require) => void)(mod, mod.exports, require);
  return { validate: (mod.exports as (keywords: typeof SHAPE_KEYWORDS) => ValidateFunction)(SHAPE_KEYWORDS), script };
}

/** V8's code cache of a precompiled validator module, after one call (so its main function is compiled too). */
export function standaloneCodeCache(file: string): Buffer {
  const { validate, script } = loadStandalone(file);
  validate({});
  return script.createCachedData();
}

/**
 * The standalone code of a schema's validator (for `npm run build`): a CommonJS module exporting a
 * function that takes the keyword functions and returns the validator ajv would compile.
 */
export function standaloneValidator(schema: object): string {
  const load = (name: string) => require(name) as unknown;
  const { Ajv: AjvClass } = load('ajv') as typeof import('ajv');
  const { _ } = load('ajv') as typeof import('ajv');
  const standaloneCode = (load('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string }).default;
  const instance = new AjvClass({ ...(fillsDefaults(schema) ? AJV_OPTIONS : AS_WRITTEN_AJV_OPTIONS), code: { source: true } });
  // The keyword functions are values of the run-time scope; in the module they are read from its argument.
  const codes = new Map<unknown, unknown>([
    [SHAPE_KEYWORDS.shape, _`fluxgenKeywords.shape`],
    [SHAPE_KEYWORDS.uniqueBy, _`fluxgenKeywords.uniqueBy`],
  ]);
  const scope = instance.scope as unknown as { value: (prefix: unknown, value: { ref: unknown; code?: unknown }) => unknown };
  const value = scope.value.bind(scope);
  scope.value = (prefix, v) => {
    const code = codes.get(v.ref);
    return value(prefix, code ? { ...v, code } : v);
  };
  addShapeKeywords(instance);
  const code = standaloneCode(instance, instance.compile(isSchemaSource(schema) ? schema.load() : schema));
  return `"use strict";\nmodule.exports = function (fluxgenKeywords) {\nconst module = { exports: {} };\n${code}\nreturn module.exports;\n};\n`;
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
  /** A deep copy of the input with defaults applied; the input itself for a schema that fills none ({@link SchemaSource.fillDefaults}). */
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
 * which is returned as `value` together with every problem found. A schema that fills no defaults
 * validates the input as it is (nothing is changed, so nothing is copied).
 */
export function validate<T>(schema: object, input: unknown, scope: ValidationScope = {}): ValidationResult<T> {
  const found = { notData: false };
  const defaults = fillsDefaults(schema);
  const seen = defaults ? validWithDefaults(schema) : undefined;
  const key = seen?.keyOf(input);
  const known = key === undefined ? undefined : seen?.peek(key);
  // Data found valid before: a copy of what validating it gave (every default in place), unchecked.
  if (known !== undefined) return { value: cloneData(known, found) as T, diagnostics: [], blocking: false };
  const value = defaults ? cloneData(input, found) : input;
  const check = validatorFor(schema);
  const valid = check(value);
  const stray = found.notData ? notDataIn(input, scope) : [];
  if (valid && stray.length === 0) {
    if (key !== undefined) seen?.keep(key, cloneData(value, found));
    return { value: value as T, diagnostics: [], blocking: false };
  }
  const errors = valid ? [] : (check.errors ?? []);
  // What is not data is reported as such, and what the schema says of the stand-in there is not
  // repeated; below a key the schema refuses (unknown, or not an object), it is not reported.
  const reported = toDiagnostics(errors, value, scope);
  const taken = new Set(stray.map((d) => d.path));
  const schemaSays = reported.filter((d) => !taken.has(d.path ?? ''));
  const refused = schemaSays.map((d) => d.path ?? '');
  const below = (path: string) => refused.some((p) => p === '' || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const diagnostics = [...stray.filter((d) => !below(d.path ?? '')), ...schemaSays];
  return { value: value as T, diagnostics, blocking: stray.length > 0 || errors.some((e) => !NON_BLOCKING.has(e.keyword)) };
}

/**
 * For each schema that fills defaults, the data found valid against it in this process, by its
 * exact data (memo.ts), with what validating it gave: every default in place. The clusters of a
 * fleet give many components the same values; each is validated once, and the rest get a copy.
 * Up to 10,000 per schema; what is invalid is validated every time (its problems name the cluster).
 */
const validDefaulted = new WeakMap<object, Memo<unknown>>();
function validWithDefaults(schema: object): Memo<unknown> {
  let memo = validDefaulted.get(schema);
  if (!memo) validDefaulted.set(schema, (memo = new Memo<unknown>(10_000)));
  return memo;
}

/** Built-in objects that are not plain data: a cluster file may hold one where a value belongs. */
const NOT_PLAIN: readonly (abstract new (...args: never[]) => object)[] = [Date, Map, Set, WeakMap, WeakSet, RegExp, Promise, Error, ArrayBuffer];

/**
 * What a value is, in words, when it is not data a YAML file can hold (a function where a value
 * belongs, a Date, NaN, …); undefined for data. An empty slot of a list is told apart by its caller.
 */
function notData(value: unknown): string | undefined {
  switch (typeof value) {
    case 'function':
      return 'is a function, not a value (was it meant to be called?)';
    case 'symbol':
      return 'is a symbol, which no YAML file can hold';
    case 'bigint':
      return 'is a bigint, which no YAML file can hold: write it as a number or a string';
    case 'number':
      return Number.isFinite(value) ? undefined : `is ${String(value)}, not a finite number: Kubernetes and Helm cannot read it back`;
    case 'object': {
      if (value === null) return undefined;
      if (value instanceof Date) return 'is a Date: write it as a string (for example with toISOString())';
      const kind = NOT_PLAIN.find((k) => value instanceof k) ?? (ArrayBuffer.isView(value) ? value.constructor : undefined);
      return kind ? `is ${/^[AEIOU]/.test(kind.name) ? 'an' : 'a'} ${kind.name}, not plain data: write it as an object, a list or a string` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Everything in a value that is not data ({@link notData}), and the empty slots of its lists
 * (`[a, , b]`: two commas in a row), each reported where it is instead of being written as `{}`,
 * `.nan` or `null`.
 */
function notDataIn(value: unknown, scope: ValidationScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: string, message: string, hint: string) =>
    out.push({
      ...(scope.cluster !== undefined ? { cluster: scope.cluster } : {}),
      ...(scope.component !== undefined ? { component: scope.component } : {}),
      ...(scope.source !== undefined ? { source: scope.source } : {}),
      code: scope.invalidCode ?? 'VALUE_INVALID',
      path,
      message,
      hint,
    });
  const go = (v: unknown, path: string): void => {
    const what = notData(v);
    if (what) report(path, what, 'write the value as plain data: a string, number, boolean, list or object');
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const at = joinPath(path, String(i));
        if (i in v) go(v[i], at);
        else report(at, 'is an empty slot in a list (two commas in a row?)', 'remove the extra comma, or write the value that belongs there');
      }
    } else if (v !== null && typeof v === 'object') for (const [k, child] of Object.entries(v)) go(child, joinPath(path, k));
  };
  go(value, scope.pathPrefix ?? '');
  return out;
}

/**
 * Parts many schemas embed, validated on their own: the HelmRelease and Kustomization settings
 * every component and the cluster accept are ~240 KB of validator code in each schema that holds
 * them. `openParts` is the schema with those properties left as plain objects; `validateInParts`
 * validates the rest with it, then each part the value has with the part's own validator (loaded
 * once for all). Diagnostics are those of one validation of the whole schema, with each part's
 * paths under its key; only their order differs (a part's come after the rest).
 */
const opened = new WeakMap<object, object>();
export function openParts<T extends object>(schema: T, parts: readonly string[]): T {
  let out = opened.get(schema);
  if (!out) {
    const properties = { ...(schema as { properties?: Record<string, object> }).properties };
    for (const key of parts) {
      const part = properties[key] as { description?: unknown } | undefined;
      if (part) properties[key] = { type: 'object', ...(typeof part.description === 'string' ? { description: part.description } : {}) };
    }
    out = { ...schema, properties };
    opened.set(schema, out);
  }
  return out as T;
}

/** Validates `input` against `schema` with each of `parts` (property → its schema) validated on its own (see {@link openParts}). */
export function validateInParts<T>(schema: object, parts: Readonly<Record<string, object>>, input: unknown, scope: ValidationScope = {}): ValidationResult<T> {
  const whole = validate<Record<string, unknown>>(openParts(schema, Object.keys(parts)), input, scope);
  const value = whole.value;
  let diagnostics = whole.diagnostics;
  let blocking = whole.blocking;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, partSchema] of Object.entries(parts)) {
      const part = value[key];
      // Not an object: the opened schema has said so.
      if (part === null || typeof part !== 'object' || Array.isArray(part)) continue;
      const result = validate<unknown>(partSchema, part, { ...scope, pathPrefix: joinPath(scope.pathPrefix ?? '', key) });
      // What is not data in a part was reported by the whole; the stand-in is not reported again.
      const reported = new Set(whole.diagnostics.map((d) => d.path));
      if (result.diagnostics.length > 0) diagnostics = [...diagnostics, ...result.diagnostics.filter((d) => !reported.has(d.path))];
      blocking ||= result.blocking;
      value[key] = result.value;
    }
  }
  return { value: value as T, diagnostics, blocking };
}

/**
 * A deep copy of plain data. What a cluster file wrote may hold things that are not data (a
 * function where a value belongs, a Date, an empty slot): `found.notData` is set, and a string stands
 * in for each in the copy, so that they are reported (notDataIn), not thrown or written.
 */
function cloneData(input: unknown, found: { notData: boolean }): unknown {
  switch (typeof input) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return input;
    case 'number':
      if (Number.isFinite(input)) return input;
      break;
    case 'object': {
      if (input === null) return input;
      if (Array.isArray(input)) {
        const out: unknown[] = new Array(input.length);
        for (let i = 0; i < input.length; i++) {
          if (i in input) out[i] = cloneData(input[i], found);
          else found.notData = true; // an empty slot, reported by notDataIn
        }
        return out;
      }
      // A plain object (the usual case) without asking what else it could be; an instance of a
      // class of the cluster file's own is copied as its fields.
      const proto: unknown = Object.getPrototypeOf(input);
      if (proto === Object.prototype || proto === null || notData(input) === undefined) {
        return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, cloneData(v, found)]));
      }
      break;
    }
    default:
  }
  // Reported by notDataIn; a string stands in for it meanwhile.
  found.notData = true;
  return typeof input === 'function' ? `[function ${input.name || 'anonymous'}]` : String(input);
}

/** Turns a JSON pointer into the path a person reads: `/pools/0/cidr` → `pools[0].cidr`. */
export function pointerToPath(pointer: string, prefix = ''): string {
  let path = prefix;
  for (const raw of pointer.split('/').slice(1)) path = joinPath(path, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path;
}

/** Appends a key to a dotted path: `.key`, `[0]` for an index, `["a.b"]` for any other key. */
export function joinPath(path: string, key: string): string {
  if (/^\d+$/.test(key)) return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
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
