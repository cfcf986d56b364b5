/**
 * The component model: what a `packages/<component>` declares, and the instances a cluster makes
 * of it.
 */
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import type { Capability, CapabilityKindName } from './capability.js';
import type { ClusterFacts, Fact, PublishedFact } from './facts.js';
import type { KubeObject } from './kube.js';
import type { SecretBackend, SecretUse } from './secrets.js';

export type { Capability };
import { HelmValuesSchema, strict, type Resolved } from './schema.js';
import { KustomizationOptionsSchema, ReleaseOptionsSchema, type KustomizationOptions, type ReleaseOptions } from './flux/options.js';
import { DnsSubdomain, Duration, Name, SCALAR_SHAPES } from './shapes/scalars.js';

/** How components are grouped in READMEs. */
export type Category =
  | 'networking'
  | 'storage'
  | 'observability'
  | 'security'
  | 'service-mesh'
  | 'core'
  | 'gitops';

/** Pod Security Standards level a component's namespace must allow. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';


/** Where the chart comes from. Give an HTTP repository, an OCI URL, or both. */
export interface ChartRef {
  /** Chart name in the repository. */
  readonly name: string;
  /** Exact chart version (no ranges). */
  readonly version: string;
  /** HTTP(S) Helm repository URL (a Flux `HelmRepository`). */
  readonly repository?: string;
  /** Full OCI URL of the chart (a Flux `OCIRepository`), e.g. `oci://quay.io/cilium/charts/cilium`. */
  readonly oci?: string;
}

/**
 * A component applied from a Git repository instead of a chart (e.g. the Gateway API CRDs): a Flux
 * GitRepository pinned to a tag, and a Flux Kustomization building `path` in it.
 */
export interface GitSourceRef {
  /** HTTPS URL of the repository. */
  readonly url: string;
  /** Exact tag (no branches). */
  readonly tag: string;
  /** Folder with a kustomization.yaml, relative to the repository root (`./config/crd`). */
  readonly path: string;
  /** `.gitignore`-style patterns of what not to fetch (Flux `spec.ignore`). */
  readonly ignore?: string;
}

/** A link in the component's README. */
export interface DocLink {
  readonly title: string;
  readonly url: string;
}

// --- docs (issue 13): README contributions are declared in docs.ts ---
import type { ComponentReadme, TroubleshootingStep } from './docs.js';
export type { ComponentReadme, TroubleshootingStep };
// --- end docs ---

/** What a component's `facts` function knows: where it is rendered, not yet the other components. */
export interface FactContext {
  /** Cluster name. */
  readonly cluster: string;
  /** Instance name (the component name unless the cluster renamed it). */
  readonly name: string;
  /** Namespace the instance is installed into. */
  readonly namespace: string;
  /** Namespace of the Flux controllers and Kustomizations (`flux-system`). */
  readonly fluxNamespace: string;
  /** The chart version (or Git tag) this instance installs, for per-version differences in a mapping. */
  readonly chartVersion?: string;
}

/** What a component's functions know about where they are rendered, and what the rest of the cluster publishes. */
export interface ComponentContext extends FactContext {
  /** The facts the cluster's components publish (endpoints, mesh mode, default StorageClass, Gateways). */
  readonly facts: ClusterFacts;
}

/**
 * Capabilities by kind, names without the `<kind>:` prefix:
 * `{ crd: ['cilium.io'], 'storage-class': ['fast-ssd'] }`.
 */
export type Capabilities = { readonly [K in CapabilityKindName]?: readonly string[] };

/**
 * A value a component sets because of another component (a stack rule): the chart key, the value,
 * and the fact it follows from. fluxgen writes it into the chart values and documents it in both
 * READMEs; if the cluster set the same key (or the typed value `valuePath`) otherwise, that is a
 * STACK_CONFLICT naming both components.
 */
export interface Derivation {
  /** Dotted chart value path (`cni.exclusive`). */
  readonly helmPath: string;
  readonly value: unknown;
  /** The typed value of this component that sets the same chart key, if it has one (`cni.exclusive`). */
  readonly valuePath?: string;
  /** The fact it follows from. */
  readonly because: PublishedFact;
  /** Why, in words (`Istio ambient chains its CNI plugin after Cilium's`). */
  readonly reason: string;
}

/**
 * A combination of fields a component requires: when `when` holds, `require` must be set.
 * Reported as VALUE_MISSING at `require`, with `because` as the hint.
 */
export interface FieldRule {
  /** Dotted path of the value that asks for another (`kubeProxyReplacement`). */
  readonly when: string;
  /** The value `when` must have for the rule to apply. @default any value but false, 0, '' and an empty list */
  readonly is?: string | number | boolean;
  /** Dotted path of the value that must then be set: present, and not false, 0, '' or an empty list (`apiServer`). */
  readonly require: string;
  /** Why, in words: shown as the hint. */
  readonly because: string;
}

/** A HelmRelease another component's HelmRelease waits for (see `releaseDependsOn`). */
export interface ReleaseDependency {
  /** Component (package) name, e.g. `istio-base`. */
  readonly component: string;
  /** A CEL expression over `dep`, or `chart-version`. @default Ready only */
  readonly readyExpr?: string;
}

/** A problem a component's own `check` finds in values its schema cannot judge alone. */
export interface ValueProblem {
  /** Dotted path of the value (e.g. `storageClasses[1].name`). */
  readonly path: string;
  /** What is wrong (e.g. `duplicates storageClasses[0].name`). */
  readonly message: string;
  readonly got?: unknown;
  readonly hint?: string;
  /** VALUE_MISSING for a value that must be set, VALUE_INVALID otherwise. @default 'VALUE_INVALID' */
  readonly code?: 'VALUE_INVALID' | 'VALUE_MISSING';
}

/**
 * A value type a component declares where values.yaml defaults say too little or too much:
 * `string` (strings only), `number`, `boolean`, `int-or-string` (a number, or a string such as `25%`),
 * `any`.
 */
export type ChartValueType = 'string' | 'number' | 'boolean' | 'int-or-string' | 'any';

/** A component's corrections to its chart contract. Every entry says why in a comment. */
export interface ChartContractOptions {
  /** Types by dotted chart path; `x.*` applies to every key below `x`. */
  readonly types?: Readonly<Record<string, ChartValueType>>;
  /** Keys the templates read but the harvest cannot see (computed names, `tpl`), accepted with everything below. */
  readonly unseen?: readonly { readonly path: string; readonly why: string }[];
  /** Replacements of removed keys, as the chart's `fail` message or upgrade notes name them. */
  readonly replacements?: Readonly<Record<string, string>>;
}

/** Where a component is going: reported by `fluxgen chart diff` and on every version change. */
export interface ComponentLifecycle {
  /** Why the chart is deprecated (Chart.yaml `deprecated: true` is read too). */
  readonly deprecated?: string;
  /** The component that replaces it (`alloy` for `promtail`). */
  readonly successor?: string;
  /** Earlier homes of the chart: where it was, where it is now, and since when. */
  readonly moved?: readonly { readonly from: string; readonly to: string; readonly since?: string }[];
}

/** Chart values: a JSON object. */
export type HelmValues = { readonly [key: string]: unknown };

/** A secret backend a component runs, in the configurations `when` accepts. */
export interface SecretBackendOffer<S extends TObject = TObject> {
  readonly backend: SecretBackend;
  /** Whether this configuration runs it. @default always */
  readonly when?: (values: Resolved<S>, ctx: ComponentContext) => boolean;
}

/** What a component package declares: a data sheet. Everything mechanical lives in core. */
export interface ComponentSpec<S extends TObject = TObject> {
  /** Component name: package name, Flux object names and folder name (DNS-1123 label). */
  readonly name: string;
  /** Human title (`Kube Prometheus Stack`). */
  readonly title: string;
  /** One line: what it does for the cluster. */
  readonly summary: string;
  readonly category: Category;
  /** Default namespace. */
  readonly namespace: string;
  /**
   * Pod Security level its namespace must allow, or a function of the values when a configuration
   * needs more (e.g. a log collector that reads host paths only when asked to). @default 'baseline'
   */
  readonly podSecurity?: PodSecurityLevel | ((values: Resolved<S>, ctx: ComponentContext) => PodSecurityLevel);
  /** The pinned Helm chart. Give `chart` or `git`. */
  readonly chart?: ChartRef;
  /** The pinned Git source, for components that are not a chart. */
  readonly git?: GitSourceRef;
  /** Documentation links for the README. */
  readonly docs: readonly DocLink[];
  /** The typed values: a TypeBox schema with a description (and a default, where one makes sense) on every field. */
  readonly values: S;
  /** Maps validated typed values to chart values. `helmValues` from the cluster is merged over the result. @default none */
  readonly helmValues?: (values: Resolved<S>, ctx: ComponentContext) => HelmValues;
  /** Secrets it consumes: fluxgen resolves each through its backend, orders it after their producers, and documents them. @default none */
  readonly secrets?: (values: Resolved<S>, ctx: ComponentContext) => readonly SecretUse[];
  /**
   * Secret backends the component runs, which any component's SecretSource may then use; `when`
   * says in which configurations (a backend that is off is named in the error of a reference to it). @default none
   */
  readonly secretBackends?: readonly SecretBackendOffer<S>[];
  /**
   * Chart value paths whose value names a Secret in the release namespace (a string, or an object
   * with a `name`), dotted, `*` for any key or list index: `defaultBackupStore.backupTargetCredentialSecret`.
   * Checked to be produced in the cluster or declared `external`. The Kubernetes shapes
   * (`secretKeyRef`, `secretRef`, `certificateRefs`, …) are recognised without being listed. @default none
   */
  readonly secretRefs?: readonly string[];
  /** Extra objects the component emits next to its HelmRelease. @default none */
  readonly objects?: (values: Resolved<S>, ctx: ComponentContext) => readonly KubeObject[];
  /**
   * What it makes available to other components (`{ crd: ['cilium.io'] }`). StorageClasses it
   * emits as objects are derived. @default none
   */
  readonly provides?: (values: Resolved<S>, ctx: ComponentContext) => Capabilities;
  /**
   * What must exist before it can be applied, besides what its value shapes imply (a Route needs
   * the Gateway API CRDs, Monitoring the Prometheus Operator's, Storage its StorageClass).
   * @default none
   */
  readonly needs?: (values: Resolved<S>, ctx: ComponentContext) => Capabilities;
  /**
   * What its `config/` objects (custom resources of its own CRDs) need besides the component
   * itself and the namespaces they live in (derived). Kept apart from `needs`, so that a CRD unit
   * does not wait for what only its objects use. @default none
   */
  readonly configNeeds?: (values: Resolved<S>, ctx: ComponentContext) => Capabilities;
  /**
   * Facts it publishes for the other components (its endpoints, its mesh mode, the default
   * StorageClass it makes, its Gateways), from its own values only. @default none
   */
  readonly facts?: (values: Resolved<S>, ctx: FactContext) => readonly Fact[];
  /**
   * Stack rules: values it sets because of what other components publish (e.g. a CNI that must not
   * be exclusive under an ambient mesh). @default none
   */
  readonly derive?: (values: Resolved<S>, ctx: ComponentContext) => readonly Derivation[];
  /** Field combinations it requires (kube-proxy replacement needs the API server address). @default none */
  readonly rules?: readonly FieldRule[];
  /**
   * Rules across fields that the schema, the shapes and `rules` cannot express. Reported with every
   * other problem, as VALUE_INVALID. @default none
   */
  readonly check?: (values: Resolved<S>, ctx: ComponentContext) => readonly ValueProblem[];
  /**
   * Whether Flux deletes what the component applied once it leaves the cluster. CRD units set
   * false: pruning CRDs deletes every object of those kinds in the cluster. @default true
   */
  readonly prune?: boolean;
  /** Features this configuration enables, one line each, for the README. @default none */
  readonly features?: (values: Resolved<S>, ctx: ComponentContext) => readonly string[];
  /** Security facts of this configuration (what it enforces, what it exposes, what it trusts), for the README. @default none */
  readonly security?: (values: Resolved<S>, ctx: ComponentContext) => readonly string[];
  /** Component-specific troubleshooting, added to the generic steps. @default none */
  readonly troubleshooting?: (values: Resolved<S>, ctx: ComponentContext) => readonly TroubleshootingStep[];
  // --- docs (issue 13) ---
  /**
   * What it contributes to the READMEs as data (see docs.ts): the pods that matter, health checks,
   * symptoms, facts for the cluster's topic sections, diagrams. @default none
   */
  readonly readme?: (values: Resolved<S>, ctx: ComponentContext) => ComponentReadme;
  // --- end docs ---
  /**
   * Folder of the vendored chart data, `new URL('../chart/', import.meta.url)`: one subfolder per
   * pinned version holding the chart's `values.yaml` (and `values.schema.json` where upstream ships
   * one), used to check the final Helm values against the chart. @default none
   */
  readonly chartData?: URL;
  /**
   * What the chart contract (see docs/charts.md) cannot see or gets wrong for this chart: stricter
   * or looser types, keys read in ways the template harvest misses, replacements of removed keys,
   * each with a comment saying why. @default none
   */
  readonly chartContract?: ChartContractOptions;
  /** Deprecation, successor and moved sources, reported on every version change. @default none */
  readonly lifecycle?: ComponentLifecycle;
  /**
   * Folder of vendored CustomResourceDefinitions, `new URL('../crds/', import.meta.url)`: upstream
   * CRD YAML files, unchanged, defining the kinds of custom resources that this component's objects
   * (or any component's: a secret backend may emit its custom resources next to their consumers) use. While the
   * component is in a cluster, every emitted object of a kind they define is checked against the
   * CRD's schema for its API version, strictly (unknown fields are errors); an API version the CRD
   * does not serve is an error too. Provenance goes in `crds/SOURCE.md`. @default none
   */
  readonly crds?: URL;
  /** HelmRelease settings this chart needs (e.g. CRD policy), under the cluster's and the instance's. @default none */
  readonly release?: ReleaseOptions;
  /**
   * HelmReleases of other components this one's HelmRelease waits for (Flux `spec.dependsOn`),
   * named by component (package) name; core finds their instances in the cluster and writes each
   * one's release name and namespace. `readyExpr` (Flux 2.8+) is a CEL expression over `dep`, or
   * `'chart-version'`: Ready *and* upgraded to the chart version that dependency pins, so that one
   * commit bumping several lockstep charts still upgrades them in order (plain `dependsOn` only
   * waits for Ready, which the old release already is). A component absent from the cluster is
   * skipped. @default none
   */
  readonly releaseDependsOn?: (values: Resolved<S>, ctx: ComponentContext) => readonly ReleaseDependency[];
  /**
   * Flux Kustomization settings its units need (e.g. `healthCheckExprs` for a custom resource it
   * makes), under the cluster's and the instance's. @default none
   */
  readonly kustomization?: KustomizationOptions;
}

export { KustomizationOptionsSchema, ReleaseOptionsSchema } from './flux/options.js';
export type { KustomizationOptions, ReleaseOptions } from './flux/options.js';

/** A Kubernetes object as a cluster writes it in `objects`: the fields every object has, and any others. */
export interface ExtraObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** Any Kubernetes object a cluster adds next to a component (`objects`). */
export const ExtraObjectSchema = Type.Unsafe<ExtraObject>(Type.Object(
  {
    apiVersion: Type.String({ minLength: 1, description: 'API version, e.g. `v1` or `gateway.networking.k8s.io/v1`.' }),
    kind: Type.String({ minLength: 1, description: 'Kind, e.g. `ConfigMap`.' }),
    metadata: Type.Object(
      {
        name: DnsSubdomain({ description: 'Object name.' }),
        namespace: Type.Optional(Name({ description: "Namespace; defaults to the component's for namespaced kinds." })),
        labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Labels.' })),
        annotations: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Annotations.' })),
      },
      { additionalProperties: true, description: 'Object metadata (labels, annotations, …).' },
    ),
  },
  { additionalProperties: true, description: 'A Kubernetes object, written as it is applied.' },
));

/** Common fields validated on their own, with one validator shared by every component (validate.ts, `validateInParts`). */
export const COMMON_PARTS = { release: ReleaseOptionsSchema, kustomization: KustomizationOptionsSchema } as const;

/** Fields every component accepts besides its own. */
const commonProperties = {
  name: Type.Optional(Name({ description: 'Instance name, to run a component twice. Defaults to the component name.' })),
  namespace: Type.Optional(Name({ description: 'Namespace to install into. Defaults to the component default.' })),
  version: Type.Optional(Type.String({ minLength: 1, description: 'Chart version override (exact).' })),
  helmValues: Type.Optional(HelmValuesSchema),
  release: Type.Optional(ReleaseOptionsSchema),
  kustomization: Type.Optional(KustomizationOptionsSchema),
  sourceInterval: Type.Optional(
    Duration({
      description:
        "How often its chart source and chart (`chart.spec.interval` of a HelmRepository chart) or Git source are checked for changes, over the cluster's `flux.sourceInterval`, e.g. `12h`.",
    }),
  ),
  podSecurityVersion: Type.Optional(
    Type.String({
      pattern: '^(latest|v1\\.(0|[1-9][0-9]*))$',
      description:
        "Pod Security Standards version its namespace is enforced at (`pod-security.kubernetes.io/enforce-version`), over the cluster's `podSecurityVersion`: `latest` or a Kubernetes minor version such as `v1.33`.",
    }),
  ),
  objects: Type.Optional(
    Type.Array(ExtraObjectSchema, {
      description:
        "Objects to apply next to the component: custom resources of its own CRDs go to config/, everything else to app/. Checked like the objects fluxgen generates; a kind of another API group needs the component that installs its CRDs (or the group in the cluster's `external`).",
    }),
  ),
  acknowledge: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ minLength: 1, description: 'Dotted chart value path, e.g. `socketLB.hostNamespaceOnly`.' }),
        reason: Type.String({ minLength: 1, description: 'Why the chart reads it although its contract does not show it.' }),
      }),
      { description: 'Chart keys the contract does not know, accepted on purpose (listed in the README with their reason).' },
    ),
  ),
} satisfies TProperties;

type CommonOptions = Static<TObject<typeof commonProperties>>;

/** What a cluster passes to a component factory: its typed values plus the common fields. */
export type ComponentInput<S extends TObject> = Static<S> & CommonOptions;

/** One configured use of a component in a cluster. Validated when the cluster is rendered. */
export interface ComponentInstance {
  readonly kind: 'fluxgen.component';
  readonly spec: ComponentSpec;
  /** The full input schema (component values plus common fields), what ajv checks. */
  readonly inputSchema: TObject;
  /** What the cluster wrote, unvalidated. */
  readonly input: unknown;
  /** Mistakes in the component's own declaration (COMPONENT_INVALID), reported when a cluster uses it. */
  readonly specProblems: readonly SpecProblem[];
}

/** A mistake in a `defineComponent` declaration: the field and what is wrong with it. */
export interface SpecProblem {
  readonly path: string;
  readonly message: string;
  readonly got?: unknown;
  readonly hint: string;
}

/** A component package's export: call it with typed values to get an instance. */
export interface ComponentFactory<S extends TObject> {
  (input?: ComponentInput<S>): ComponentInstance;
  readonly spec: ComponentSpec<S>;
}

/** Whether a value is a component instance (what `components` takes). */
export function isComponentInstance(value: unknown): value is ComponentInstance {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'fluxgen.component';
}

/** Whether a value is a component factory that was not called (`cilium` instead of `cilium()`). */
export function isComponentFactory(value: unknown): value is ComponentFactory<TObject> {
  return typeof value === 'function' && typeof (value as { spec?: { name?: unknown } }).spec?.name === 'string';
}

/**
 * Declares a component. Returns the factory a cluster calls:
 *
 * ```ts
 * export const metricsServer = defineComponent({ name: 'metrics-server', ... });
 * // clusters/homelab/cluster.ts
 * metricsServer({ kubelet: { insecureTLS: true } })
 * ```
 *
 * Mistakes in the declaration do not throw at import: they are reported as COMPONENT_INVALID,
 * with every other problem, when a cluster uses the component.
 */
export function defineComponent<S extends TObject>(spec: ComponentSpec<S>): ComponentFactory<S> {
  const specProblems = checkSpec(spec as unknown as ComponentSpec);
  const values = (specProblems.some((p) => p.path === 'values') ? Type.Object({}) : spec.values) as TObject;
  // Root-level rules of the values schema (allOf, if/then) stay in force next to the common fields.
  const { allOf, if: ifRule, then: thenRule, else: elseRule } = values as Record<string, unknown>;
  const rules = Object.fromEntries(
    Object.entries({ allOf, if: ifRule, then: thenRule, else: elseRule }).filter(([, v]) => v !== undefined),
  );
  const inputSchema = strict(Type.Object({ ...values.properties, ...commonProperties }, { additionalProperties: false, ...rules }));
  const factory = (input: ComponentInput<S> = {} as ComponentInput<S>): ComponentInstance => ({
    kind: 'fluxgen.component',
    spec: spec as unknown as ComponentSpec,
    inputSchema,
    input,
    specProblems,
  });
  return Object.assign(factory, { spec });
}

const CATEGORIES: readonly Category[] = ['networking', 'storage', 'observability', 'security', 'service-mesh', 'core', 'gitops'];
const FUNCTIONS = [
  'helmValues',
  'secrets',
  'objects',
  'provides',
  'needs',
  'configNeeds',
  'facts',
  'derive',
  'check',
  'features',
  'security',
  'troubleshooting',
  'releaseDependsOn',
] as const;

/** What is wrong with a component declaration, field by field. */
function checkSpec(spec: ComponentSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  const add = (path: string, message: string, got: unknown, hint: string) => out.push({ path, message, got, hint });
  const isLabel = (v: unknown) => typeof v === 'string' && SCALAR_SHAPES['dns-label'].check(v) === undefined;
  if (!isLabel(spec.name)) add('name', 'must be a DNS-1123 label', spec.name, 'use lowercase letters, digits and "-", like "my-component"');
  if (!isLabel(spec.namespace)) add('namespace', 'must be a DNS-1123 label', spec.namespace, 'use the namespace the chart documents, like "kube-system"');
  for (const field of ['title', 'summary'] as const) {
    if (typeof spec[field] !== 'string' || spec[field] === '') add(field, 'must be a non-empty string', spec[field], `write the component's ${field} in words`);
  }
  if (!CATEGORIES.includes(spec.category)) add('category', `must be one of ${CATEGORIES.join(', ')}`, spec.category, 'pick the README group it belongs to');
  if ((spec.chart === undefined) === (spec.git === undefined)) {
    add('chart', 'give exactly one of `chart` and `git`', undefined, 'a Helm chart component sets `chart`, a component applied from a Git repository sets `git`');
  } else if (spec.chart) {
    if (typeof spec.chart.name !== 'string' || typeof spec.chart.version !== 'string') add('chart', 'needs `name` and `version`', spec.chart, 'write the chart name and its exact version');
    if (spec.chart.repository === undefined && spec.chart.oci === undefined) add('chart', 'needs `repository` or `oci`', spec.chart, 'give the HTTP repository URL, the OCI URL, or both');
  } else if (spec.git && (typeof spec.git.url !== 'string' || typeof spec.git.tag !== 'string' || typeof spec.git.path !== 'string')) {
    add('git', 'needs `url`, `tag` and `path`', spec.git, 'give the repository URL, the release tag and the folder to apply');
  }
  const values = spec.values as unknown as Record<string, unknown> | undefined;
  if (typeof values !== 'object' || values === null || values['type'] !== 'object' || typeof values['properties'] !== 'object') {
    add('values', 'must be an object schema', typeof values === 'function' ? 'a function' : values, 'declare the values with Type.Object({ … })');
  }
  for (const field of FUNCTIONS) {
    const fn = spec[field];
    if (fn !== undefined && typeof fn !== 'function') add(field, 'must be a function of the values', fn, `write \`${field}: (values, ctx) => …\``);
  }
  return out;
}
