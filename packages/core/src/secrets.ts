/**
 * Secret references: how a component is given credentials. Never a literal value: either a Secret
 * made outside this tree (`{ existingSecret: name }`, declared in the cluster's `external`), or a
 * reference that a secret backend present in the cluster turns into that Secret
 * (`{ <backend key>: <its reference> }`).
 *
 * Core defines the vocabulary and knows no backend: a backend package declares its key, the schema
 * of its reference, how a reference resolves (objects next to the consumer, capabilities, Flux
 * units it adds) and its README facts. A component spec offers backends it runs
 * (`ComponentSpec.secretBackends`), and a cluster registers backends that are not components
 * (`defineCluster({ secretBackends: [...] })`).
 */
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { Capability } from './capability.js';
import type { Diagnostic, ErrorCode } from './errors.js';
import type { KubeObject } from './kube.js';
import { strict } from './schema.js';
import { Name } from './shapes/scalars.js';
import { didYouMean, joinPath, validate } from './validate.js';

/**
 * The reference each backend takes, by its key in a {@link SecretSource}. A backend package adds its
 * own by declaration merging:
 *
 * ```ts
 * declare module '@fluxgen/core' {
 *   interface SecretBackendRefs { vault: { readonly path: string; readonly secretName?: string } }
 * }
 * ```
 *
 * Every backend reference may set `secretName`; without it the Secret gets the name the consumer
 * proposes.
 */
export interface SecretBackendRefs {
  /** Name of a Secret made outside this tree, in the consumer's namespace (list it in the cluster's `external`). */
  existingSecret: string;
}

/** The key of a backend reference, or `existingSecret`. */
export type SecretBackendKey = keyof SecretBackendRefs;

/** Where a Secret comes from: exactly one key, `existingSecret` or the key of a backend. */
export type SecretSource = { [K in SecretBackendKey]: { readonly [P in K]: SecretBackendRefs[K] } }[SecretBackendKey];

/**
 * The schema of a {@link SecretSource} field: one key; `existingSecret` names a Secret, any other
 * key is a backend reference, checked against that backend's schema once the cluster's backends
 * are known.
 */
export function secretSource(options: { readonly description?: string } = {}): TSecretSource {
  return Type.Unsafe<SecretSource>({
    description:
      options.description ??
      'A Secret: `{ existingSecret: name }` (made outside this tree) or `{ <backend>: <reference> }` of a secret backend present in the cluster.',
    type: 'object',
    // patternProperties, not properties: a backend reference is any other key, checked later.
    patternProperties: { '^existingSecret$': Name({ description: 'Name of a Secret that already exists in the namespace.' }) },
    minProperties: 1,
    maxProperties: 1,
  });
}

/**
 * The schema type of a SecretSource field. An interface, so that declaration files keep its name
 * instead of expanding it: the backend references a cluster imports then stay part of its type.
 */
export interface TSecretSource extends TUnsafe<SecretSource> {}

/** A {@link SecretSource} field with the generic description. */
export const SecretSource = secretSource();

/** One Secret a component consumes, declared by the component so fluxgen can produce and document it. */
export interface SecretUse {
  readonly source: SecretSource;
  /** Secret name when the source does not fix one (a backend reference without `secretName`). */
  readonly defaultName: string;
  /** Keys the consumer reads. */
  readonly keys: readonly string[];
  /** What it is for, for the README (`SMB credentials of the NAS share`). */
  readonly purpose: string;
  /**
   * Value path of the source in the typed values, for errors. Found by itself when `source` is the
   * object from the values; give it when the component builds the source. @default found, or none
   */
  readonly path?: string;
}

/** The key of a source: `existingSecret` or a backend key. */
export function sourceKey(source: SecretSource): string {
  return Object.keys(source)[0] ?? '';
}

/** The name of the Secret a source ends up as: what a component writes into its chart values. */
export function secretName(source: SecretSource, defaultName: string): string {
  if ('existingSecret' in source) return source.existingSecret;
  const ref = (source as Record<string, unknown>)[sourceKey(source)];
  const named = typeof ref === 'object' && ref !== null ? (ref as { secretName?: unknown }).secretName : undefined;
  return typeof named === 'string' ? named : defaultName;
}

/** Where a backend resolves a reference: the consumer and the cluster. */
export interface SecretContext {
  readonly cluster: string;
  /** Consumer component instance. */
  readonly component: string;
  /** Namespace of the consumer, where the Secret must be. */
  readonly namespace: string;
  readonly fluxNamespace: string;
  /** Repository-relative folder of the cluster package (`clusters/homelab`). */
  readonly dir: string;
  /** Absolute path of the workspace root: where a backend reads files the user keeps beside the cluster. */
  readonly root: string;
  /** The Secret's name, from the reference's `secretName` or the consumer's default. */
  readonly name: string;
  readonly keys: readonly string[];
  readonly purpose: string;
}

/** A problem with one backend reference; `path` is relative to the reference (empty: the reference itself). */
export interface SecretProblem {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly message: string;
  readonly got?: unknown;
  readonly hint?: string;
}

/** What a backend makes of one reference. */
export interface SecretResolution {
  /** Objects emitted next to the consumer (e.g. a custom resource an operator turns into the Secret). @default none */
  readonly objects?: readonly KubeObject[];
  /** Capabilities the consumer needs for the Secret to exist. @default none */
  readonly needs?: readonly Capability[];
  /** What the reference points at, for the README (an item path, a file). */
  readonly reference: string;
  /** A Flux unit the Secret comes from (merged by name with the other references' units). @default none */
  readonly unit?: SecretUnit;
  readonly problems?: readonly SecretProblem[];
}

/**
 * A Flux Kustomization a backend adds to the tree (e.g. one that applies encrypted files kept
 * beside the cluster, with decryption on). Core writes `<name>/ks.yaml` and `<name>/app/`, whose
 * kustomization.yaml lists `files`, and derives its `dependsOn` from `needs` like a component's.
 * When the owner of its namespace needs what it provides, the unit declares the namespace itself.
 */
export interface SecretUnit {
  /** Flux Kustomization name (unique in the cluster, a DNS label). */
  readonly name: string;
  /** Repository-relative files it applies (`clusters/homelab/secrets/apps/db.enc.yaml`). */
  readonly files: readonly string[];
  /** Namespace its objects go to: it waits for that namespace, or declares it. @default none */
  readonly namespace?: string;
  readonly provides: readonly Capability[];
  /** Capabilities it needs besides the namespace. @default none */
  readonly needs?: readonly Capability[];
  /** Further Flux Kustomization spec fields (`decryption`, `targetNamespace`). @default none */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/**
 * A secret backend: turns `{ <key>: <reference> }` into a Secret in the consumer's namespace.
 * Declared once by its package ({@link declareSecretBackend}) and made present in a cluster by a
 * component that runs it or by the cluster's `secretBackends`.
 */
export interface SecretBackend<K extends SecretBackendKey = SecretBackendKey> {
  /** Key in a SecretSource (`vault`). */
  readonly key: K;
  /** What a reference is, for the README (`Vault path`). */
  readonly title: string;
  /** Schema of the reference (typebox). */
  readonly schema: TSchema;
  /** How to make the backend present in a cluster, in words (used when a reference finds no backend). */
  readonly provideHint: string;
  /** Resolves one validated reference. */
  resolve(ref: SecretBackendRefs[K], ctx: SecretContext): SecretResolution;
  /** Commands that show the backend's state, for the cluster README's health checks. @default none */
  readonly health?: readonly string[];
}

/** Declares a backend (typed by its key's reference). */
export function declareSecretBackend<K extends SecretBackendKey>(backend: SecretBackend<K>): SecretBackend<K> {
  return backend;
}

/** A resolved secret use: where the Secret comes from and what must exist first. */
export interface ResolvedSecret {
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly purpose: string;
  /** Value path of the source in the consumer's typed values (`backup.credentials`; empty when the component made the source itself). */
  readonly path: string;
  /** Backend key, or `existingSecret`. */
  readonly backend: string;
  /** What the source is, for the README (`Vault path`, `existing Secret`). */
  readonly title: string;
  /** What it points at, for the README (empty for an existing Secret). */
  readonly reference: string;
  /** Whether this tree produces the Secret (through a backend), or it is made outside it. */
  readonly producedInTree: boolean;
  /** Flux unit the Secret comes from, when the backend adds one. */
  readonly unit?: string;
  readonly objects: readonly KubeObject[];
  readonly needs: readonly Capability[];
}

/** One component's secret uses, with what resolving needs to know about it. */
export interface SecretUser {
  readonly name: string;
  readonly namespace: string;
  readonly values: unknown;
  readonly uses: readonly SecretUse[];
}

/** What {@link resolveSecrets} makes of every component's uses. */
export interface SecretsResult {
  /** Per component, in input order. */
  readonly secrets: ReadonlyMap<string, readonly ResolvedSecret[]>;
  readonly units: readonly SecretUnit[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Resolves every secret use of the cluster against the backends present in it. Problems (an
 * unknown backend key, a backend that is not present, a bad reference, what the backend itself
 * finds) are returned, each at the value path of the source.
 */
export function resolveSecrets(
  users: readonly SecretUser[],
  backends: readonly SecretBackend[],
  /** Backends a component of the cluster runs only in another configuration, with what turns them on. */
  off: ReadonlyMap<string, { backend: SecretBackend; component: string }>,
  where: { cluster: string; source: string; dir: string; root: string; fluxNamespace: string },
): SecretsResult {
  const present = new Map<string, SecretBackend>(backends.map((b) => [b.key, b]));
  const secrets = new Map<string, ResolvedSecret[]>();
  const units = new Map<string, SecretUnit>();
  const diagnostics: Diagnostic[] = [];
  for (const user of users) {
    const out: ResolvedSecret[] = [];
    user.uses.forEach((use) => {
      const path = use.path ?? locate(user.values, use.source) ?? '';
      const key = sourceKey(use.source);
      const name = secretName(use.source, use.defaultName);
      const base = { name, namespace: user.namespace, keys: use.keys, purpose: use.purpose, path, backend: key };
      const scope = { cluster: where.cluster, component: user.name, source: where.source };
      if (key === 'existingSecret') {
        out.push({ ...base, title: 'existing Secret', reference: '', producedInTree: false, objects: [], needs: [`secret:${user.namespace}/${name}`] });
        return;
      }
      const backend = present.get(key);
      if (!backend) {
        diagnostics.push(missingBackend(key, at(path, key), scope, [...present.keys()], off));
        return;
      }
      const raw = (use.source as Record<string, unknown>)[key];
      if (!DNS_NAME.test(name)) {
        diagnostics.push({ ...scope, code: 'VALUE_INVALID', path: at(path, key), message: 'names an invalid Secret', got: name });
        return;
      }
      const checked = validate<never>(strictSchema(backend.schema), raw, { ...scope, pathPrefix: at(path, key) });
      diagnostics.push(...checked.diagnostics);
      if (checked.diagnostics.length > 0) return;
      const r = backend.resolve(checked.value, {
        cluster: where.cluster,
        component: user.name,
        namespace: user.namespace,
        fluxNamespace: where.fluxNamespace,
        dir: where.dir,
        root: where.root,
        name,
        keys: use.keys,
        purpose: use.purpose,
      });
      for (const p of r.problems ?? []) {
        diagnostics.push({ ...scope, ...p, path: p.path ? at(at(path, key), p.path) : at(path, key) });
      }
      if (r.unit) units.set(r.unit.name, mergeUnits(units.get(r.unit.name), r.unit));
      out.push({
        ...base,
        title: backend.title,
        reference: r.reference,
        producedInTree: true,
        ...(r.unit ? { unit: r.unit.name } : {}),
        objects: r.objects ?? [],
        needs: r.needs ?? [],
      });
    });
    secrets.set(user.name, out);
  }
  return { secrets, units: [...units.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), diagnostics };
}

/** A Kubernetes object name (DNS-1123 label). */
const DNS_NAME = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A backend's reference schema with unknown keys refused at every level (compiled once per backend schema). */
const strictSchemas = new WeakMap<object, TSchema>();
function strictSchema(schema: TSchema): TSchema {
  let out = strictSchemas.get(schema);
  if (!out) strictSchemas.set(schema, (out = strict(schema)));
  return out;
}

/** The cluster's `secretBackends` that are backends (a key and `resolve`), and a problem for each entry that is not. */
export function clusterBackends(
  list: readonly unknown[],
  where: { cluster: string; source: string },
): { backends: SecretBackend[]; diagnostics: Diagnostic[] } {
  const backends: SecretBackend[] = [];
  const diagnostics: Diagnostic[] = [];
  list.forEach((b, i) => {
    const ok = typeof b === 'object' && b !== null && typeof (b as SecretBackend).key === 'string' && typeof (b as SecretBackend).resolve === 'function';
    if (ok) backends.push(b as SecretBackend);
    else {
      diagnostics.push({
        ...where,
        code: 'CLUSTER_INVALID',
        path: `secretBackends[${i}]`,
        message: 'is not a secret backend',
        got: typeof b === 'function' ? `function ${(b as { name?: string }).name ?? ''}`.trim() : b,
        hint: typeof b === 'function' ? `call it: \`${(b as { name?: string }).name || 'backend'}()\`` : "list what a backend package exports, called (a factory's result)",
      });
    }
  });
  return { backends, diagnostics };
}
const at = (path: string, key: string) => (path ? joinPath(path, key) : key);

/**
 * Secrets made outside the tree (`existingSecret`) that the cluster does not declare in
 * `external` and nothing in it provides, reported at the value that names them. Returns the
 * reported needs too (`<component> <capability>`), which the dependency graph then leaves out.
 */
export function danglingExistingSecrets(
  components: readonly { readonly name: string; readonly provides: readonly Capability[]; readonly secrets: readonly ResolvedSecret[] }[],
  units: readonly SecretUnit[],
  external: readonly string[],
  where: { cluster: string; source: string },
): { diagnostics: Diagnostic[]; needs: Set<string> } {
  const provided = new Set<string>([...external, ...components.flatMap((c) => c.provides), ...units.flatMap((u) => u.provides)]);
  const diagnostics: Diagnostic[] = [];
  const needs = new Set<string>();
  for (const c of components) {
    for (const s of c.secrets.filter((x) => !x.producedInTree)) {
      const cap = `secret:${s.namespace}/${s.name}`;
      if (provided.has(cap) || needs.has(`${c.name} ${cap}`)) continue;
      needs.add(`${c.name} ${cap}`);
      diagnostics.push({
        cluster: where.cluster,
        component: c.name,
        source: where.source,
        code: 'REFERENCE_DANGLING',
        ...(s.path ? { path: at(s.path, 'existingSecret') } : {}),
        got: s.name,
        message: `needs ${cap}, which no component of the cluster provides`,
        hint: `it is an existing Secret (${s.purpose}): create it before Flux applies this layer and list "${cap}" in the cluster's \`external\`, or take it from a secret backend present in the cluster`,
      });
    }
  }
  return { diagnostics, needs };
}

function missingBackend(
  key: string,
  path: string,
  scope: { cluster: string; component: string; source: string },
  present: readonly string[],
  off: ReadonlyMap<string, { backend: SecretBackend; component: string }>,
): Diagnostic {
  const allowed = ['existingSecret', ...present];
  const choices = allowed.map((k) => `\`${k}\``).join(' or ');
  const disabled = off.get(key);
  if (disabled) {
    return {
      ...scope,
      code: 'SECRET_BACKEND_MISSING',
      path,
      got: key,
      message: `refers to a ${disabled.backend.title}, but ${disabled.component} does not run that backend in this configuration`,
      hint: `${disabled.backend.provideHint}; or use ${choices}`,
    };
  }
  // A near miss of a key this cluster knows is a typo; anything else names a backend that is absent.
  const guess = didYouMean(key, [...allowed, ...off.keys()]);
  if (guess) {
    return {
      ...scope,
      code: 'SECRET_BACKEND_UNKNOWN',
      path,
      got: key,
      message: 'is not a secret backend of this cluster',
      hint: `did you mean "${guess}"? A Secret comes from ${choices} in this cluster`,
    };
  }
  return {
    ...scope,
    code: 'SECRET_BACKEND_MISSING',
    path,
    got: key,
    message: `refers to the secret backend \`${key}\`, which no component and no \`secretBackends\` entry of the cluster provides`,
    hint: `add the component that runs it, or its backend to the cluster's \`secretBackends\` (its package says which), or use ${choices}`,
  };
}

function mergeUnits(a: SecretUnit | undefined, b: SecretUnit): SecretUnit {
  if (!a) return b;
  return {
    ...a,
    files: [...new Set([...a.files, ...b.files])].sort(),
    provides: [...new Set([...a.provides, ...b.provides])].sort(),
    needs: [...new Set([...(a.needs ?? []), ...(b.needs ?? [])])].sort(),
  };
}

/** The value path of `target` inside `root` (by identity, then by equal content), if it is there. */
function locate(root: unknown, target: unknown): string | undefined {
  const text = JSON.stringify(target);
  let byContent: string | undefined;
  const go = (value: unknown, path: string): string | undefined => {
    if (value === target) return path;
    if (byContent === undefined && path !== '' && JSON.stringify(value) === text) byContent = path;
    if (typeof value !== 'object' || value === null) return undefined;
    for (const [key, child] of Object.entries(value)) {
      const found = go(child, joinPath(path, key));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return go(root, '') ?? byContent;
}
