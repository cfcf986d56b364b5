/**
 * Building blocks for component values schemas.
 *
 * A component's values are declared once, as a TypeBox schema. The schema *is* JSON Schema (ajv
 * validates it and fills defaults) and its TypeScript types are derived from it: `Static<S>` is
 * what a cluster writes, {@link Resolved} is what the component's mapping receives after defaults.
 */
import {
  CloneType,
  Type,
  type SchemaOptions,
  type Static,
  type TArray,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TUnsafe,
} from '@sinclair/typebox';

declare const defaulted: unique symbol;

/** An optional field that ajv fills with its default, so the mapping always sees it. */
export type TDefaulted<T extends TSchema> = TOptional<T> & { readonly [defaulted]: true };

/**
 * Declares an optional field with a default. The default is type-checked against the schema and
 * shown in the generated README.
 *
 * @example withDefault(Type.Boolean({ description: 'Deploy Hubble Relay.' }), true)
 */
export function withDefault<T extends TSchema>(schema: T, value: Static<T>): TDefaulted<T> {
  return Type.Optional(CloneType(schema, { default: value })) as unknown as TDefaulted<T>;
}

type IsPresentAfterDefaults<S> = S extends { readonly [defaulted]: true }
  ? true
  : S extends TOptional<TSchema>
    ? false
    : true;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ResolvedObject<P extends TProperties> = Simplify<
  { readonly [K in keyof P as IsPresentAfterDefaults<P[K]> extends true ? K : never]: Resolved<P[K]> } & {
    readonly [K in keyof P as IsPresentAfterDefaults<P[K]> extends true ? never : K]?: Resolved<P[K]>;
  }
>;

/** The type of validated values: like `Static<S>`, but fields declared {@link withDefault} are present. */
export type Resolved<S extends TSchema> =
  S extends TObject<infer P>
    ? ResolvedObject<P>
    : S extends TArray<infer I>
      ? readonly Resolved<I>[]
      : Static<S>;

/** A string restricted to a fixed set, validated as a JSON Schema `enum` (clear errors, no `anyOf`). */
export function StringEnum<const V extends readonly [string, ...string[]]>(
  values: V,
  options: SchemaOptions = {},
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ ...options, type: 'string', enum: [...values] });
}

/** Free-form chart values (the `helmValues` escape hatch): any JSON object. */
export const HelmValuesSchema = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'Raw chart values, deep-merged over the values fluxgen derives from the typed fields. Use it for chart keys that have no typed field.',
});

/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is a schema, or a list of schemas. */
const SCHEMAS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'contains', 'propertyNames']);

/**
 * Rejects unknown keys everywhere: adds `additionalProperties: false` to every object schema with
 * declared `properties` that does not say otherwise. Free-form maps (records) stay open, and so do objects
 * a CRD marks `x-kubernetes-preserve-unknown-fields`; `x-kubernetes-int-or-string` becomes an
 * integer-or-string union. Only schema positions are walked (never `default`, `enum` or other
 * data), and other keys (TypeBox's symbols included) are kept as they are. The one strict walker
 * for component values, cluster options and vendored CRDs.
 */
export function strict<T>(schema: T): T {
  if (typeof schema !== 'object' || schema === null) return schema;
  // Schemas are never changed once built: a subtree many schemas share (the HelmRelease and
  // Kustomization settings of every component) is walked once per process.
  const known = stricter.get(schema);
  if (known !== undefined) return known as T;
  const out = Array.isArray(schema) ? schema.map((s) => strict(s)) : strictNode(schema as Record<string | symbol, unknown>);
  stricter.set(schema, out);
  return out as T;
}

const stricter = new WeakMap<object, unknown>();

function strictNode(node: Record<string | symbol, unknown>): Record<string | symbol, unknown> {
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(node)) {
    const value = node[key];
    if (typeof key === 'string' && SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strict(child)]));
    } else if (typeof key === 'string' && SCHEMAS.has(key)) {
      out[key] = strict(value);
    } else {
      out[key] = value;
    }
  }
  if (out['x-kubernetes-int-or-string'] === true && out['anyOf'] === undefined) {
    delete out['type'];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  // Only object schemas: `if`/`then`/`else` branches that list properties constrain, they do not close.
  if (
    out['type'] === 'object' &&
    typeof out['properties'] === 'object' &&
    out['additionalProperties'] === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}
