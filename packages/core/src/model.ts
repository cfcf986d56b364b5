/**
 * From a cluster definition to a validated model: the cluster file's shape checked, every value
 * checked, defaults applied, facts published and read across components, Helm values mapped and
 * derived, namespaces assigned, dependencies derived. Pure: nothing here touches the disk.
 */
import { capability, capabilityProblem, CAPABILITY_KINDS, type Capability, type CapabilityKindName } from './capability.js';
import type { ClusterDefinition } from './cluster.js';
import { CLUSTER_PARTS, ClusterOptionsSchema } from './cluster.js';
import {
  isComponentFactory,
  isComponentInstance,
  COMMON_PARTS,
  type Capabilities,
  type ComponentContext,
  type ComponentInstance,
  type ComponentSpec,
  type Derivation,
  type FactContext,
  type HelmValues,
  type PodSecurityLevel,
  type ReleaseDependency,
  type KustomizationOptions,
  type ReleaseOptions,
  type TroubleshootingStep,
} from './component.js';
import { crdIndex, type CrdIndex } from './crds.js';
import type { ClusterDocSection, ComponentReadme } from './docs.js';
import { apiGroup, builtInKindProblem, isBuiltInGroup, isClusterScoped } from './kube.js';
import { durationMs } from './shapes/scalars.js';
import { FluxgenError, type Diagnostic } from './errors.js';
import { clusterFacts, describeFact, factCollisions, type ClusterFacts, type PublishedFact } from './facts.js';
import { buildGraph, type DependencyEdge, type DependencyGraph } from './graph.js';
import type { KubeObject } from './kube.js';
import {
  clusterBackends,
  danglingExistingSecrets,
  resolveSecrets,
  type ResolvedSecret,
  type SecretBackend,
  type SecretUnit,
  type SecretUse,
} from './secrets.js';
import { COMPOUND_SHAPES, findShapes } from './shapes/compound.js';
import { sourceKind, sourceOf, type SourceModel } from './sources/index.js';
import { validate, validateInParts } from './validate.js';
import { atPath, getPath, isSet, mergeValues } from './values.js';

export type { SourceModel } from './sources/index.js';

/** Namespaces fluxgen never declares: the cluster (or Flux bootstrap) owns them. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** A value fluxgen set because of another component, as the README shows it. */
export interface DerivedValue {
  /** Chart value path (`cni.exclusive`). */
  readonly helmPath: string;
  readonly value: unknown;
  /** The component whose fact it follows from, and the value of that component behind the fact. */
  readonly from: { readonly component: string; readonly path?: string };
  readonly reason: string;
}

/** One component instance, fully resolved. */
export interface ComponentModel {
  readonly spec: ComponentSpec;
  readonly name: string;
  readonly namespace: string;
  readonly source: SourceModel;
  /** What the cluster wrote for this instance. */
  readonly input: Readonly<Record<string, unknown>>;
  /** Typed values after defaults. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Final chart values: mapped typed values, derived values, then `helmValues`, merged in that order. */
  readonly helmValues: HelmValues;
  /** Values set because of other components (stack rules), with why. */
  readonly derived: readonly DerivedValue[];
  /** Facts this instance publishes for the others. */
  readonly facts: readonly PublishedFact[];
  /** HelmRelease settings: fluxgen baseline, component, cluster and instance, merged in that order. */
  readonly release: ReleaseOptions;
  /**
   * Settings of its Flux Kustomizations: the cluster's `flux` defaults, the cluster's and the
   * instance's `kustomization`; the timeout covers the HelmRelease's unless one of them sets it.
   */
  readonly kustomization: KustomizationOptions & { readonly interval: string; readonly retryInterval: string; readonly timeout: string; readonly wait: boolean };
  readonly objects: readonly KubeObject[];
  readonly provides: readonly Capability[];
  readonly needs: readonly Capability[];
  /** The Pod Security level this configuration needs (the component's, for its values). */
  readonly podSecurity: PodSecurityLevel;
  readonly features: readonly string[];
  readonly security: readonly string[];
  readonly troubleshooting: readonly TroubleshootingStep[];
  /** What it contributes to the READMEs (docs.ts). */
  readonly readme: ComponentReadme;
  /** Secrets it consumes, with where each comes from. */
  readonly secrets: readonly ResolvedSecret[];
  /** What its `config/` objects need besides the component itself. */
  readonly configNeeds: readonly Capability[];
  readonly dependsOn: readonly DependencyEdge[];
  /** What its `config/` Kustomization depends on besides the component itself. */
  readonly configDependsOn: readonly DependencyEdge[];
}

/** A namespace the cluster uses, declared once by its first component. */
export interface NamespaceModel {
  readonly name: string;
  /** The strictest level every component in it can run under. */
  readonly podSecurity: PodSecurityLevel;
  /** The Pod Security Standards version it is enforced at (`pod-security.kubernetes.io/enforce-version`), when pinned. */
  readonly podSecurityVersion?: string;
  /** Component that declares it (first in cluster order), or none for system namespaces. */
  readonly owner?: string;
  readonly components: readonly string[];
}

export interface ClusterModel {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  /** Repository-relative folder of the cluster package (`clusters/homelab`). */
  readonly dir: string;
  /** Where the values came from, for errors and file headers (`clusters/homelab/cluster.ts`). */
  readonly source: string;
  readonly flux: {
    readonly namespace: string;
    readonly sourceRef: { readonly kind: string; readonly name: string };
    readonly interval: string;
    /** Interval of the chart and Git sources, when it differs from `interval`. */
    readonly sourceInterval?: string;
    readonly retryInterval: string;
    readonly timeout: string;
  };
  /** Components in apply order (dependencies first). */
  readonly components: readonly ComponentModel[];
  readonly namespaces: readonly NamespaceModel[];
  /** Capabilities the cluster has from outside this tree (`external` in cluster.ts). */
  readonly external: readonly string[];
  /** HelmRelease settings every component starts from (fluxgen baseline and the cluster's policy). */
  readonly release: ReleaseOptions;
  /** Every fact the components publish. */
  readonly facts: ClusterFacts;
  readonly graph: DependencyGraph;
  /** README prose the cluster adds (`docs` in cluster.ts). */
  readonly docs: readonly ClusterDocSection[];
  /** Layout of the infrastructure README (`map` or `handbook`). */
  readonly readme: 'map' | 'handbook';
  /** Pod Security Standards version the namespaces fluxgen declares are enforced at, when the cluster pins one. */
  readonly podSecurityVersion?: string;
  /** Where chart sources live: beside each HelmRelease, or shared in the Flux namespace (the `sources` unit). */
  readonly sources: 'per-component' | 'shared';
  /** Flux units of the cluster itself (its own `objects`, shared chart sources), with their derived `dependsOn`. */
  readonly clusterUnits: readonly ClusterUnitModel[];
  /** Secret backends present in the cluster (from its components and its `secretBackends`). */
  readonly secretBackends: readonly SecretBackend[];
  /** Flux units the backends add (e.g. encrypted files applied with decryption), with their derived `dependsOn`. */
  readonly secretUnits: readonly SecretUnitModel[];
}

/**
 * A Flux unit of the cluster itself: `cluster-objects` (the cluster's `objects`) or `sources`
 * (shared chart sources). It applies its `app/` folder, one file per kind.
 */
export interface ClusterUnitModel {
  readonly name: string;
  /** What it holds, in words, lowercase (README: "Waits for the unit `sources`: <title>."). */
  readonly title: string;
  readonly objects: readonly KubeObject[];
  readonly provides: readonly Capability[];
  readonly needs: readonly Capability[];
  readonly dependsOn: readonly DependencyEdge[];
  /** Flux Kustomization settings: the cluster's. */
  readonly kustomization: ComponentModel['kustomization'];
}

/** The unit of the cluster's own `objects`. */
export const CLUSTER_OBJECTS_UNIT = 'cluster-objects';
/** The unit of shared chart sources (`sources: 'shared'`). */
export const SHARED_SOURCES_UNIT = 'sources';

/** A PodSecurity label set: the level, and the version it is enforced at when one is pinned. */
export interface NamespacePodSecurity {
  readonly level: PodSecurityLevel;
  readonly version?: string;
}

/** A backend's Flux unit, placed in the dependency graph. */
export interface SecretUnitModel extends SecretUnit {
  readonly dependsOn: readonly DependencyEdge[];
  /** Flux Kustomization settings: the cluster's. */
  readonly kustomization: ComponentModel['kustomization'];
}

export interface ModelOptions {
  /** Repository-relative folder of the cluster package. @default `clusters/<name>` */
  readonly dir?: string;
  /** Absolute path of the workspace root, where backends read files kept beside the cluster. @default the current directory */
  readonly root?: string;
}

/** What fluxgen sets on every HelmRelease unless the component, cluster or instance says otherwise. */
const BASELINE_RELEASE: ReleaseOptions = {
  interval: '1h',
  install: { remediation: { retries: 3 } },
  upgrade: { cleanupOnFail: true, remediation: { retries: 3, strategy: 'rollback' } },
};

const LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/**
 * Validates the cluster and builds its model. Throws a {@link FluxgenError} carrying every
 * problem found, across all components, when anything is wrong.
 */
export function buildModel(definition: ClusterDefinition, options: ModelOptions = {}): ClusterModel {
  const { model, problems } = buildModelReportingGraph(definition, options);
  if (problems.length > 0) throw new FluxgenError(problems);
  return model;
}

/** An instance after its values are validated, before it sees the other components. */
interface Checked {
  readonly instance: ComponentInstance;
  readonly spec: ComponentSpec;
  readonly name: string;
  readonly namespace: string;
  readonly raw: Record<string, unknown>;
  readonly values: Record<string, unknown>;
  readonly common: {
    version?: string;
    helmValues?: HelmValues;
    release?: ReleaseOptions;
    kustomization?: KustomizationOptions;
    objects?: readonly KubeObject[];
    podSecurityVersion?: string;
    sourceInterval?: string;
  };
  readonly ctx: FactContext;
  readonly facts: readonly PublishedFact[];
}

type Resolving = Omit<ComponentModel, 'dependsOn' | 'configDependsOn'>;

/**
 * Like {@link buildModel}, but an unmet need or a cycle does not stop it: they are returned with a
 * model in a best-effort order, so that rendering can report them together with everything its
 * checks find. Invalid values still throw: nothing can be built from them.
 */
export function buildModelReportingGraph(
  definition: ClusterDefinition,
  options: ModelOptions = {},
): { model: ClusterModel; problems: readonly Diagnostic[] } {
  const rawOptions = (definition.options ?? {}) as unknown as Record<string, unknown>;
  const clusterName = typeof rawOptions['name'] === 'string' ? rawOptions['name'] : '?';
  const dir = options.dir ?? `clusters/${clusterName}`;
  const source = `${dir}/cluster.ts`;
  const diagnostics: Diagnostic[] = [];
  const at = { cluster: clusterName, source };

  const { components: listed, secretBackends: listedBackends = [], ...settings } = rawOptions;
  const cluster = validateInParts<{
    name: string;
    title?: string;
    description?: string;
    flux: ClusterModel['flux'];
    chartSource: 'oci' | 'helm';
    helmRelease?: ReleaseOptions;
    kustomization?: KustomizationOptions;
    external: readonly string[];
    sources: 'per-component' | 'shared';
    podSecurityVersion?: string;
    objects?: readonly KubeObject[];
    crds?: readonly CrdDeclaration[];
  }>(ClusterOptionsSchema, CLUSTER_PARTS, { ...settings, ...(Array.isArray(listed) ? { components: [] } : {}) }, {
    ...at,
    invalidCode: 'CLUSTER_INVALID',
    unknownKeyCode: 'CLUSTER_INVALID',
  });
  diagnostics.push(...cluster.diagnostics);
  for (const [i, entry] of (Array.isArray(cluster.value.external) ? cluster.value.external : []).entries()) {
    const problem = typeof entry === 'string' ? capabilityProblem(entry) : undefined;
    if (problem) diagnostics.push({ ...at, code: 'CLUSTER_INVALID', path: `external[${i}]`, got: entry, ...problem });
  }
  const instances = componentList(listed, at, diagnostics);
  // Whether anything found so far leaves values unusable (a repeated name does not).
  let fatal = diagnostics.length > cluster.diagnostics.length || cluster.blocking;

  // Pass 1: each instance's own values, and the facts it publishes.
  const seen = new Map<string, number>();
  const checked: Checked[] = [];
  instances.forEach(({ instance, index }) => {
    const spec = instance.spec;
    const raw = (instance.input ?? {}) as Record<string, unknown>;
    const name = typeof raw['name'] === 'string' ? raw['name'] : spec.name;
    const scope = { cluster: clusterName, component: name, source };
    for (const p of instance.specProblems) {
      diagnostics.push({ cluster: clusterName, component: name, source: `@fluxgen/${spec.name}`, code: 'COMPONENT_INVALID', ...p });
    }
    if (instance.specProblems.length > 0) return;
    if (seen.has(name)) {
      diagnostics.push({
        ...scope,
        code: 'COMPONENT_DUPLICATE',
        path: `components[${index}]`,
        message: `appears twice in components (positions ${seen.get(name)! + 1} and ${index + 1})`,
        hint: 'remove one, or give the second instance its own `name`',
      });
      return;
    }
    seen.set(name, index);
    const result = validateInParts<Record<string, unknown>>(instance.inputSchema, COMMON_PARTS, raw, scope);
    diagnostics.push(...result.diagnostics);
    if (result.blocking) {
      fatal = true;
      return;
    }
    const {
      name: _name,
      namespace: nsOverride,
      version,
      helmValues,
      release,
      kustomization,
      objects,
      podSecurityVersion,
      sourceInterval,
      acknowledge: _ack,
      ...values
    } = result.value;
    const namespace = (nsOverride as string | undefined) ?? spec.namespace;
    const chartVersion = (version as string | undefined) ?? spec.chart?.version ?? spec.git?.tag;
    const ctx: FactContext = {
      cluster: clusterName,
      name,
      namespace,
      fluxNamespace: cluster.value.flux?.namespace ?? 'flux-system',
      ...(chartVersion ? { chartVersion } : {}),
    };
    let facts: PublishedFact[];
    try {
      facts = (spec.facts?.(values as never, ctx) ?? []).map((f) => ({ ...f, from: name }) as PublishedFact);
    } catch (error) {
      diagnostics.push(hookFailure({ spec, name, ctx } as Checked, error, source));
      fatal = true;
      return;
    }
    checked.push({
      instance,
      spec,
      name,
      namespace,
      raw,
      values,
      common: {
        version: version as string | undefined,
        helmValues: helmValues as HelmValues | undefined,
        release: release as ReleaseOptions | undefined,
        kustomization: kustomization as KustomizationOptions | undefined,
        objects: objects as KubeObject[] | undefined,
        podSecurityVersion: podSecurityVersion as string | undefined,
        sourceInterval: sourceInterval as string | undefined,
      },
      ctx,
      facts,
    });
  });
  // Repeated names leave the values usable: check on, and report everything together.
  if (fatal || checked.length < instances.length) {
    // The others' own rules still run, so that one run reports as much as it can.
    const facts = clusterFacts(checked.flatMap((c) => c.facts));
    for (const c of checked) {
      try {
        diagnostics.push(...ownProblems(c, { ...c.ctx, facts }, source));
      } catch (error) {
        diagnostics.push(hookFailure(c, error, source));
      }
    }
    throw new FluxgenError(inClusterOrder(diagnostics, instances.map((i) => i.instance)));
  }

  const published = checked.flatMap((c) => c.facts);
  for (const { first, second, what } of factCollisions(published)) {
    diagnostics.push({
      ...at,
      component: second.from,
      code: 'NAME_DUPLICATE',
      ...(second.path ? { path: second.path } : {}),
      message: `publishes ${what}, which ${first.from === second.from ? 'it' : first.from} already publishes${first.path ? ` (${first.path})` : ''}`,
      hint: `keep one: a cluster has one ${second.kind === 'endpoint' ? 'endpoint of each name' : 'of these'}`,
    });
  }
  const facts = clusterFacts(published);
  // CRD groups the cluster declares (`crds`): from a component's chart, or (no `from`) from outside this tree.
  const declaredCrds = crdDeclarations(cluster.value.crds ?? [], checked, at);
  diagnostics.push(...declaredCrds.diagnostics);
  const external = unique([...(cluster.value.external ?? []), ...declaredCrds.external]);
  const clusterScoped = declaredCrds.clusterScoped;

  // Pass 2: everything else, with the facts of the whole cluster in view.
  const partial: Resolving[] = [];
  const crds = crdIndex(checked.flatMap((c) => (c.spec.crds ? [c.spec.crds] : [])));
  // Secret uses are resolved once every component is known: a backend may come from any of them.
  const secretUses = new Map<string, { uses: readonly SecretUse[]; values: unknown }>();
  const releaseDependencies = new Map<string, readonly ReleaseDependency[]>();
  const listedSecretBackends = clusterBackends(Array.isArray(listedBackends) ? listedBackends : [listedBackends], at);
  diagnostics.push(...listedSecretBackends.diagnostics);
  const backends: SecretBackend[] = [...listedSecretBackends.backends];
  const backendsOff = new Map<string, { backend: SecretBackend; component: string }>();
  for (const c of checked) {
    try {
      const scope = { cluster: clusterName, component: c.name, source };
      const ctx: ComponentContext = { ...c.ctx, facts };
      const typed = c.values as never;
      const problems: Diagnostic[] = [...ownProblems(c, ctx, source)];
      const shapes = findShapes(c.instance.inputSchema, c.values);
      const shapeCtx = { namespace: c.namespace, facts, external };
      for (const use of shapes) {
        problems.push(...(COMPOUND_SHAPES[use.shape]!.check?.(use.value as never, use.path, shapeCtx) ?? []).map((p) => ({ ...scope, ...p })));
      }
      diagnostics.push(...problems);
      if (problems.length > 0) continue;

      secretUses.set(c.name, { uses: c.spec.secrets?.(typed, ctx) ?? [], values: c.values });
      for (const offer of c.spec.secretBackends ?? []) {
        if (offer.when?.(typed, ctx) ?? true) backends.push(offer.backend);
        else backendsOff.set(offer.backend.key, { backend: offer.backend, component: c.name });
      }
      const derivations = c.spec.derive?.(typed, ctx) ?? [];
      diagnostics.push(...stackConflicts(c, derivations, scope));
      const mapped = (c.spec.helmValues?.(typed, ctx) ?? {}) as Record<string, unknown>;
      const withDerived = derivations.reduce((values, d) => mergeValues(values, atPath(d.helmPath, d.value)), mapped);
      const objects = [
        ...(c.spec.objects?.(typed, ctx) ?? []),
        ...(c.common.objects ?? []).map((o) => withNamespace(o, c.namespace, crds, clusterScoped)),
      ];
      const shapeNeeds = shapes.flatMap((use) => COMPOUND_SHAPES[use.shape]!.needs(use.value as never, shapeCtx));
      const shapeLines = shapes.flatMap((use) => {
        const line = COMPOUND_SHAPES[use.shape]!.describe?.(use.value as never, shapeCtx);
        return line ? [`${line} (\`${use.path}\`)`] : [];
      });
      const release = [c.spec.release, cluster.value.helmRelease, c.common.release].reduce<ReleaseOptions>(
        (merged, next) => mergeValues(merged, next ?? {}) as ReleaseOptions,
        BASELINE_RELEASE,
      );
      const releaseDeps = c.spec.chart ? (c.spec.releaseDependsOn?.(typed, ctx) ?? []) : [];
      if (releaseDeps.length > 0) releaseDependencies.set(c.name, releaseDeps);
      partial.push({
        spec: c.spec,
        name: c.name,
        namespace: c.namespace,
        source: withInterval(sourceOf(c.spec, c.common.version, cluster.value.chartSource ?? 'oci'), c.common.sourceInterval),
        input: c.raw,
        values: c.values,
        helmValues: mergeValues(withDerived, c.common.helmValues ?? {}),
        derived: derivations.map((d) => ({
          helmPath: d.helmPath,
          value: d.value,
          from: { component: d.because.from, ...(d.because.path ? { path: d.because.path } : {}) },
          reason: d.reason,
        })),
        facts: c.facts,
        release,
        kustomization: kustomizationOf(cluster.value, c.common.kustomization, c.spec.chart ? release : undefined, c.spec.kustomization),
        objects,
        provides: unique([
          ...capabilities(c.spec.provides?.(typed, ctx)),
          ...(declaredCrds.from.get(c.name) ?? []).map((group) => capability('crd', group)),
          ...objects.filter((o) => o.kind === 'StorageClass').map((o) => capability('storage-class', o.metadata.name)),
          ...c.facts.flatMap((f) => (f.kind === 'gateway' ? [capability('gateway', `${f.namespace}/${f.name}`)] : [])),
        ]),
        needs: unique([...capabilities(c.spec.needs?.(typed, ctx)), ...shapeNeeds]),
        configNeeds: capabilities(c.spec.configNeeds?.(typed, ctx)),
        secrets: [],
        podSecurity: (typeof c.spec.podSecurity === 'function' ? c.spec.podSecurity(typed, ctx) : c.spec.podSecurity) ?? 'baseline',
        features: [...(c.spec.features?.(typed, ctx) ?? []), ...shapeLines],
        security: c.spec.security?.(typed, ctx) ?? [],
        troubleshooting: c.spec.troubleshooting?.(typed, ctx) ?? [],
        readme: c.spec.readme?.(typed, ctx) ?? {},
      });
    } catch (error) {
      diagnostics.push(hookFailure(c, error, source));
    }
  }
  // HelmRelease dependsOn a component declares: resolved now that every instance is known.
  partial.forEach((c, i) => {
    const deps = releaseDependencies.get(c.name);
    if (deps) partial[i] = { ...c, release: withReleaseDependsOn(c.release, deps, partial) };
  });
  // --- secrets: every use resolved against the backends present (see secrets.ts) ---
  const secretsOf = resolveSecrets(
    partial.map((c) => ({ name: c.name, namespace: c.namespace, ...secretUses.get(c.name)! })),
    backends,
    backendsOff,
    { cluster: clusterName, source, dir, root: options.root ?? process.cwd(), fluxNamespace: cluster.value.flux.namespace },
  );
  diagnostics.push(...secretsOf.diagnostics);
  partial.forEach((c, i) => {
    const secrets = secretsOf.secrets.get(c.name) ?? [];
    const needs = secrets.flatMap((s) => s.needs);
    // A component applied straight from Git applies only its source's contents itself: what reads
    // the Secrets is its config/ objects (e.g. Gateways and their certificates), so they wait, not it.
    partial[i] = {
      ...c,
      objects: [...c.objects, ...secrets.flatMap((s) => s.objects)],
      ...(c.source.chart ? { needs: unique([...c.needs, ...needs]) } : { configNeeds: unique([...c.configNeeds, ...needs]) }),
      secrets,
    };
  });
  const units = secretsOf.units;
  // --- end secrets ---
  diagnostics.push(...collisions(partial, at));
  diagnostics.push(...extraObjectNeeds(checked, partial, external, source, cluster.value.flux.namespace));
  diagnostics.push(...podSecurityVersions(checked, at));
  const namespacesBefore = claimNamespaces(collectNamespaces(partial, checked, cluster.value.podSecurityVersion), units, partial);
  const ownUnit = clusterObjectsUnit(cluster.value.objects ?? [], {
    ...at,
    crds,
    clusterScoped,
    external,
    fluxNamespace: cluster.value.flux.namespace,
    providers: new Set([...partial.flatMap((c) => c.provides), ...units.flatMap((u) => u.provides)]),
    declared: namespacesBefore,
  });
  diagnostics.push(...ownUnit.diagnostics);
  const shared = cluster.value.sources === 'shared' ? shareSources(partial, cluster.value.flux) : undefined;
  if (shared) partial.splice(0, partial.length, ...shared.components);
  diagnostics.push(...unitNameClashes(partial, [...(ownUnit.unit ? [ownUnit.unit.name] : []), ...(shared ? [SHARED_SOURCES_UNIT] : []), ...units.map((u) => u.name)], at));
  diagnostics.push(...objectClashes(partial, checked, ownUnit.unit?.objects ?? [], at));
  if (diagnostics.length > 0) throw new FluxgenError(diagnostics);

  const dangling = danglingExistingSecrets(partial, units, external, at);
  const namespaces = namespacesBefore;
  const clusterUnits: Omit<ClusterUnitModel, 'dependsOn' | 'kustomization'>[] = [
    ...(shared ? [{ name: SHARED_SOURCES_UNIT, title: 'the chart sources the HelmReleases share', objects: shared.objects, provides: [], needs: [] }] : []),
    ...(ownUnit.unit ? [ownUnit.unit] : []),
  ];
  const owners = new Map(namespaces.filter((n) => n.owner).map((n) => [n.name, n.owner!]));
  const resolved: Resolving[] = partial.map((c) => ({ ...c, configNeeds: unique([...c.configNeeds, ...configNamespaceNeeds(c, owners)]) }));
  const { graph, diagnostics: graphProblems } = buildGraph(
    resolved.flatMap((c) => {
      const owner = owners.get(c.namespace);
      const afterSources = shared && c.source.chart ? { after: [SHARED_SOURCES_UNIT] } : {};
      const nsNeed: Capability[] = owner && owner !== c.name ? [capability('namespace', c.namespace)] : [];
      const chart = c.source.chart;
      const configNeeds = c.configNeeds;
      const hasConfig = c.objects.some((o) => isConfigObject(c, o));
      return [
        {
          name: c.name,
          provides: owner === c.name ? [...c.provides, capability('namespace', c.namespace)] : c.provides,
          // A Git component applies nothing namespaced itself: only its config/ objects need the namespace.
          // Dangling existing Secrets are reported at their value path (secrets.ts), not again here.
          needs: (chart ? [...c.needs, ...nsNeed] : c.needs).filter((n) => !dangling.needs.has(`${c.name} ${n}`)),
          ...afterSources,
        },
        // The config/ unit comes after its component, and after whatever its objects need.
        ...(hasConfig
          ? [{ name: configUnit(c.name), provides: [], needs: configNeeds.filter((n) => !dangling.needs.has(`${c.name} ${n}`)), after: [c.name] }]
          : []),
      ];
    }).concat(
      // Secret backends' Flux units wait for their namespace, or declare it (claimNamespaces).
      units.map((u) => {
        const owner = u.namespace ? owners.get(u.namespace) : undefined;
        const ns = u.namespace ? [capability('namespace', u.namespace)] : [];
        return { name: u.name, provides: owner === u.name ? [...u.provides, ...ns] : u.provides, needs: [...(u.needs ?? []), ...(owner && owner !== u.name ? ns : [])] };
      }),
      clusterUnits.map((u) => ({ name: u.name, provides: [...u.provides], needs: [...u.needs] })),
    ),
    { cluster: clusterName, source, external },
  );
  const byName = new Map(resolved.map((c) => [c.name, c]));
  const edges = (name: string) => graph.dependsOn.get(name) ?? [];
  // After a cycle the order is partial: the rest follow in cluster order.
  const order = [...graph.order, ...resolved.map((c) => c.name).filter((n) => !graph.order.includes(n))];
  const model: ClusterModel = {
    name: clusterName,
    title: cluster.value.title ?? `${clusterName} infrastructure`,
    ...(cluster.value.description ? { description: cluster.value.description } : {}),
    dir,
    source,
    flux: cluster.value.flux,
    components: order
      .filter((n) => byName.has(n))
      .map((n) => ({
        ...byName.get(n)!,
        dependsOn: edges(n),
        configDependsOn: edges(configUnit(n)).filter((e) => e.name !== n),
      })),
    namespaces,
    external,
    release: mergeValues(BASELINE_RELEASE, cluster.value.helmRelease ?? {}) as ReleaseOptions,
    facts,
    graph,
    docs: (cluster.value as { docs?: readonly ClusterDocSection[] }).docs ?? [],
    readme: (cluster.value as { readme?: 'map' | 'handbook' }).readme ?? 'map',
    secretBackends: [...new Map(backends.map((b) => [b.key, b])).values()],
    secretUnits: units.map((u) => ({ ...u, dependsOn: edges(u.name), kustomization: kustomizationOf(cluster.value, undefined, undefined) })),
    sources: cluster.value.sources ?? 'per-component',
    ...(cluster.value.podSecurityVersion ? { podSecurityVersion: cluster.value.podSecurityVersion } : {}),
    clusterUnits: clusterUnits.map((u) => ({ ...u, dependsOn: edges(u.name), kustomization: kustomizationOf(cluster.value, undefined, undefined) })),
  };
  return { model, problems: [...dangling.diagnostics, ...graphProblems] };
}

/**
 * The Flux Kustomization settings of an instance. Unless the cluster or the instance sets a
 * timeout, it is the larger of the cluster's default and the HelmRelease's own timeouts, so that
 * Flux does not give up on a release that Helm is still installing.
 */
function kustomizationOf(
  cluster: { flux: ClusterModel['flux']; kustomization?: KustomizationOptions },
  instance: KustomizationOptions | undefined,
  release: ReleaseOptions | undefined,
  preset: KustomizationOptions | undefined = undefined,
): ComponentModel['kustomization'] {
  const base = { interval: cluster.flux.interval, retryInterval: cluster.flux.retryInterval, timeout: cluster.flux.timeout, wait: true };
  const merged = [preset, cluster.kustomization, instance].reduce<Record<string, unknown>>(
    (m, next) => mergeValues(m, next ?? {}),
    base,
  ) as ComponentModel['kustomization'];
  if ([preset, cluster.kustomization, instance].some((k) => k?.timeout !== undefined) || !release) return merged;
  const timeouts = [merged.timeout, release.timeout, release.install?.timeout, release.upgrade?.timeout].filter(
    (t): t is string => typeof t === 'string' && !Number.isNaN(durationMs(t)),
  );
  const longest = timeouts.reduce((a, b) => (durationMs(b) > durationMs(a) ? b : a), merged.timeout);
  return { ...merged, timeout: longest };
}

/** An object the cluster added, with the component's namespace when its kind is namespaced and it names none. */
function withNamespace(object: KubeObject, namespace: string, crds: CrdIndex, clusterScoped: ReadonlySet<string>): KubeObject {
  if (object.metadata.namespace !== undefined) return object;
  return isNamespaced(object, crds, clusterScoped) ? { ...object, metadata: { ...object.metadata, namespace } } : object;
}

/** Whether an object's kind is namespaced: by its vendored CRD, the core kinds, or the cluster's `crds` declarations. */
function isNamespaced(object: KubeObject, crds: CrdIndex, clusterScoped: ReadonlySet<string>): boolean {
  const group = apiGroup(object.apiVersion);
  const crd = crds.get(`${group}/${object.kind}`);
  if (crd) return crd.namespaced;
  return isBuiltInGroup(group) ? !isClusterScoped(object.kind) : !clusterScoped.has(`${group}/${object.kind}`);
}

/**
 * CEL for `readyExpr: 'chart-version'`: the dependency is Ready for its current generation and its
 * last Helm release is the chart version it pins (or that version with build metadata).
 */
export function chartVersionReadyExpr(version: string): string {
  return (
    'dep.metadata.generation == dep.status.observedGeneration && ' +
    "dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True') && " +
    `dep.status.history.size() > 0 && (dep.status.history[0].chartVersion == '${version}' || ` +
    `dep.status.history[0].chartVersion.startsWith('${version}+'))`
  );
}

/** A release's `dependsOn` with the HelmReleases its component declares, after any it already has. */
function withReleaseDependsOn(release: ReleaseOptions, deps: readonly ReleaseDependency[], components: readonly Resolving[]): ReleaseOptions {
  const resolved = deps.flatMap((d) =>
    components
      .filter((o) => o.spec.name === d.component && o.source.chart)
      .map((o) => ({
        name: o.name,
        namespace: o.namespace,
        ...(d.readyExpr === undefined ? {} : { readyExpr: d.readyExpr === 'chart-version' ? chartVersionReadyExpr(o.source.version) : d.readyExpr }),
      })),
  );
  if (resolved.length === 0) return release;
  const existing = (release.dependsOn ?? []).filter((e) => !resolved.some((r) => r.name === e.name && r.namespace === e.namespace));
  return { ...release, dependsOn: [...existing, ...resolved] };
}

/** A cluster's `crds` entry. */
export interface CrdDeclaration {
  readonly group: string;
  readonly from?: string;
  readonly clusterScoped?: readonly string[];
}

/**
 * The cluster's `crds`: groups a named component installs (added to what it provides), groups
 * installed outside this tree (added to `external`), and the cluster-scoped kinds they declare.
 */
function crdDeclarations(
  entries: readonly CrdDeclaration[],
  checked: readonly Checked[],
  at: { cluster: string; source: string },
): { from: Map<string, string[]>; external: Capability[]; clusterScoped: Set<string>; diagnostics: Diagnostic[] } {
  const from = new Map<string, string[]>();
  const external: Capability[] = [];
  const clusterScoped = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const names = checked.map((c) => c.name);
  entries.forEach((entry, i) => {
    for (const kind of entry.clusterScoped ?? []) clusterScoped.add(`${entry.group}/${kind}`);
    if (isBuiltInGroup(entry.group)) {
      diagnostics.push({
        ...at,
        code: 'CLUSTER_INVALID',
        path: `crds[${i}].group`,
        got: entry.group,
        message: 'is an API group Kubernetes serves itself, not one installed from CRDs',
        hint: 'remove the entry: objects of built-in groups need no CRDs',
      });
    } else if (entry.from === undefined) external.push(capability('crd', entry.group));
    else if (!names.includes(entry.from)) {
      diagnostics.push({
        ...at,
        code: 'CLUSTER_INVALID',
        path: `crds[${i}].from`,
        got: entry.from,
        message: 'names no component of the cluster',
        hint: `name the component whose chart installs the ${entry.group} CRDs (one of: ${names.join(', ')}), or leave \`from\` out if they are installed outside this tree`,
      });
    } else from.set(entry.from, [...(from.get(entry.from) ?? []), entry.group]);
  });
  return { from, external, clusterScoped, diagnostics };
}

/** A problem with a kind of a built-in API group that Kubernetes does not serve (a typo). */
function kindProblem(object: KubeObject, path: string, scope: Omit<Diagnostic, 'code' | 'message'>): Diagnostic[] {
  const problem = builtInKindProblem(object.apiVersion, object.kind);
  return problem ? [{ ...scope, code: 'OBJECT_KIND_UNKNOWN', path: `${path}.kind`, got: object.kind, ...problem }] : [];
}

/**
 * The unit of the cluster's own `objects`: each checked for its kind, namespace and API group; it
 * needs the CRDs of their groups and their namespaces, and provides the namespaces, CRDs and
 * StorageClasses it declares.
 */
function clusterObjectsUnit(
  objects: readonly KubeObject[],
  ctx: {
    cluster: string;
    source: string;
    crds: CrdIndex;
    clusterScoped: ReadonlySet<string>;
    external: readonly string[];
    fluxNamespace: string;
    providers: ReadonlySet<Capability>;
    declared: readonly NamespaceModel[];
  },
): { unit?: Omit<ClusterUnitModel, 'dependsOn' | 'kustomization'>; diagnostics: Diagnostic[] } {
  if (objects.length === 0) return { diagnostics: [] };
  const at = { cluster: ctx.cluster, source: ctx.source };
  const diagnostics: Diagnostic[] = [];
  const provides: Capability[] = [];
  const needs: Capability[] = [];
  for (const o of objects) {
    if (o.kind === 'Namespace' && isBuiltInGroup(apiGroup(o.apiVersion))) provides.push(capability('namespace', o.metadata.name));
    if (o.kind === 'StorageClass') provides.push(capability('storage-class', o.metadata.name));
    const spec = o['spec'] as { group?: unknown } | undefined;
    if (o.kind === 'CustomResourceDefinition' && typeof spec?.group === 'string') provides.push(capability('crd', spec.group));
  }
  objects.forEach((o, i) => {
    const path = `objects[${i}]`;
    diagnostics.push(...kindProblem(o, path, at));
    const group = apiGroup(o.apiVersion);
    const crd = capability('crd', group);
    if (!isBuiltInGroup(group) && !provides.includes(crd)) {
      if (ctx.providers.has(crd) || ctx.external.includes(crd)) needs.push(crd);
      else {
        diagnostics.push({
          ...at,
          code: 'DEPENDENCY_UNMET',
          path,
          got: `${o.apiVersion} ${o.kind}`,
          message: `is a ${o.kind} of API group ${group}, whose CRDs no component of the cluster installs`,
          hint: `add the component that installs the ${group} CRDs; if one does without fluxgen knowing, declare it in \`crds: [{ group: '${group}', from: '<component>' }]\`; if they are installed outside this tree, \`crds: [{ group: '${group}' }]\``,
        });
      }
    }
    const ns = o.metadata.namespace;
    if (ns === undefined) {
      if (isNamespaced(o, ctx.crds, ctx.clusterScoped)) {
        diagnostics.push({
          ...at,
          code: 'VALUE_MISSING',
          path: `${path}.metadata.namespace`,
          message: `is required: a ${o.kind} is namespaced, and a cluster-level object has no component whose namespace it could take`,
          hint: isBuiltInGroup(group)
            ? 'write metadata.namespace, or move the object into the `objects` of the component it belongs with'
            : `write metadata.namespace; if ${o.kind} is cluster-scoped, declare it: crds: [{ group: '${group}', clusterScoped: ['${o.kind}'] }]`,
        });
      }
    } else if (!SYSTEM_NAMESPACES.has(ns) && ns !== ctx.fluxNamespace) needs.push(capability('namespace', ns));
    if (o.kind === 'Namespace' && isBuiltInGroup(group)) {
      const owner = ctx.declared.find((n) => n.name === o.metadata.name && n.owner);
      if (owner) {
        diagnostics.push({
          ...at,
          code: 'NAME_DUPLICATE',
          path,
          got: o.metadata.name,
          message: `declares namespace ${o.metadata.name}, which fluxgen already declares for ${owner.owner}`,
          hint: 'remove it: fluxgen declares the namespaces of the components (with their Pod Security labels)',
        });
      }
    }
  });
  return {
    unit: { name: CLUSTER_OBJECTS_UNIT, title: "the cluster's own objects", objects, provides: unique(provides), needs: unique(needs).filter((n) => !provides.includes(n)) },
    diagnostics,
  };
}

/** Instances whose namespace shares another's and pins another Pod Security version. */
function podSecurityVersions(checked: readonly Checked[], at: { cluster: string; source: string }): Diagnostic[] {
  const first = new Map<string, Checked>();
  const out: Diagnostic[] = [];
  for (const c of checked) {
    const version = c.common.podSecurityVersion;
    if (version === undefined) continue;
    const other = first.get(c.namespace);
    if (!other) first.set(c.namespace, c);
    else if (other.common.podSecurityVersion !== version) {
      out.push({
        ...at,
        component: c.name,
        code: 'VALUE_INVALID',
        path: 'podSecurityVersion',
        got: version,
        message: `conflicts with ${other.name}, which pins ${other.common.podSecurityVersion} for the same namespace ${c.namespace}`,
        hint: 'a namespace has one enforce-version label: set the same version on both, or on one of them only',
      });
    }
  }
  return out;
}

/**
 * Objects the cluster adds (an instance's `objects`, its own `objects`) that have the kind, namespace
 * and name of another object of the tree: two Flux units would apply, and fight over, one object.
 */
function objectClashes(
  components: readonly Resolving[],
  checked: readonly Checked[],
  clusterObjects: readonly KubeObject[],
  at: { cluster: string; source: string },
): Diagnostic[] {
  const key = (o: KubeObject) => `${apiGroup(o.apiVersion)}/${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const describe = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  const seen = new Map<string, string>();
  // What the components make themselves first (their objects are c.objects: own, then the instance's, then the secrets').
  const added: { component?: string; unit: string; objects: readonly KubeObject[] }[] = [];
  for (const c of components) {
    const extra = checked.find((x) => x.name === c.name)?.common.objects?.length ?? 0;
    const fromSecrets = c.secrets.flatMap((s) => s.objects).length;
    const own = c.objects.length - extra - fromSecrets;
    for (const o of [...c.objects.slice(0, own), ...c.objects.slice(own + extra)]) if (!seen.has(key(o))) seen.set(key(o), c.name);
    added.push({ component: c.name, unit: c.name, objects: c.objects.slice(own, own + extra) });
  }
  added.push({ unit: CLUSTER_OBJECTS_UNIT, objects: clusterObjects });
  const out: Diagnostic[] = [];
  for (const { component, unit, objects } of added) {
    objects.forEach((o, i) => {
      const first = seen.get(key(o));
      if (first === undefined) seen.set(key(o), unit);
      else {
        out.push({
          ...at,
          ...(component ? { component } : {}),
          code: 'NAME_DUPLICATE',
          path: `objects[${i}]`,
          got: o.metadata.name,
          message: `${describe(o)} is also applied by ${first === unit ? 'an earlier entry' : first}: two entries would fight over one object`,
          hint: 'keep one of them, or give this one another name',
        });
      }
    });
  }
  return out;
}

/** Components named like a unit of the cluster itself. */
function unitNameClashes(components: readonly Resolving[], units: readonly string[], at: { cluster: string; source: string }): Diagnostic[] {
  return components
    .filter((c) => units.includes(c.name))
    .map((c) => ({
      ...at,
      component: c.name,
      code: 'NAME_DUPLICATE' as const,
      path: 'name',
      message: `has the name of the cluster's own Flux unit "${c.name}"`,
      hint: 'give the instance another `name`',
    }));
}

/**
 * Shared chart sources: one HelmRepository per repository URL, one OCIRepository per chart URL and
 * version, in the Flux namespace; each chart component's source names the one it uses.
 */
function shareSources(components: readonly Resolving[], flux: ClusterModel['flux']): { components: Resolving[]; objects: KubeObject[] } {
  const byKey = new Map<string, { name: string; source: SourceModel }>();
  const taken = new Set<string>();
  const nameFor = (base: string, suffix: string): string => {
    const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    let name = clean(base).slice(0, 63).replace(/-+$/, '');
    if (taken.has(name)) name = `${name.slice(0, 62 - clean(suffix).length)}-${clean(suffix)}`.replace(/^-+/, '');
    for (let i = 2; taken.has(name); i++) name = `${name.slice(0, 60)}-${i}`;
    taken.add(name);
    return name;
  };
  // Keys in a fixed order, so that names do not depend on the order of the components.
  const keyOf = (s: SourceModel) => (s.kind === 'OCIRepository' ? `${s.kind} ${s.url} ${s.version}` : `${s.kind} ${s.url}`);
  const charts = components.filter((c) => c.source.chart);
  for (const key of unique(charts.map((c) => keyOf(c.source))).sort()) {
    const source = charts.find((c) => keyOf(c.source) === key)!.source;
    const base = source.kind === 'OCIRepository' ? source.url.slice(source.url.lastIndexOf('/') + 1) : source.url.replace(/^[a-z]+:\/\//, '');
    byKey.set(key, { name: nameFor(base, source.kind === 'OCIRepository' ? source.version : 'repo'), source });
  }
  const objects = [...byKey.values()].map(({ name, source }) => {
    const shared = { ...source, shared: { name, namespace: flux.namespace } };
    return sourceKind(source).object(shared, { name, namespace: flux.namespace, fluxNamespace: flux.namespace, interval: flux.sourceInterval ?? flux.interval, clusterSource: flux.sourceRef, dir: '' }).object;
  });
  return {
    components: components.map((c) => {
      const entry = c.source.chart ? byKey.get(keyOf(c.source)) : undefined;
      return entry ? { ...c, source: { ...c.source, shared: { name: entry.name, namespace: flux.namespace } } } : c;
    }),
    objects,
  };
}

/**
 * What the objects a cluster added need: the CRDs of their API group, from another component of
 * the cluster (an edge) or `external`. A group no one installs is an error at the object's path.
 */
function extraObjectNeeds(
  checked: readonly Checked[],
  partial: Resolving[],
  external: readonly string[],
  source: string,
  fluxNamespace: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const providers = new Set(partial.flatMap((c) => c.provides));
  for (const [i, c] of partial.entries()) {
    const extra = checked.find((x) => x.name === c.name)?.common.objects ?? [];
    const needs: Capability[] = [];
    // A Git component's objects are all applied by its config/ unit: they wait there, not the component.
    const configNeeds: Capability[] = [];
    extra.forEach((object, index) => {
      out.push(...kindProblem(object, `objects[${index}]`, { cluster: checked[0]!.ctx.cluster, component: c.name, source }));
      // An object applied with the chart in another namespace waits for that namespace (config/ objects: configNamespaceNeeds).
      const ns = object.metadata.namespace;
      if (c.source.chart && ns !== undefined && ns !== c.namespace && !SYSTEM_NAMESPACES.has(ns) && ns !== fluxNamespace && !isConfigObject(c, object)) {
        needs.push(capability('namespace', ns));
      }
      const group = apiGroup(object.apiVersion);
      const need = capability('crd', group);
      if (isBuiltInGroup(group) || c.provides.includes(need)) return;
      if (providers.has(need) || external.includes(need)) (isConfigObject(c, object) ? configNeeds : needs).push(need);
      else {
        out.push({
          cluster: checked[0]!.ctx.cluster,
          component: c.name,
          source,
          code: 'DEPENDENCY_UNMET',
          path: `objects[${index}]`,
          message: `is a ${object.kind} of API group ${group}, whose CRDs no component of the cluster installs`,
          got: `${object.apiVersion} ${object.kind}`,
          hint: `add the component that installs the ${group} CRDs; if one does without fluxgen knowing, declare it in \`crds: [{ group: '${group}', from: '<component>' }]\`; if they are installed outside this tree, \`crds: [{ group: '${group}' }]\` (or "${need}" in \`external\`)`,
        });
      }
    });
    if (needs.length > 0 || configNeeds.length > 0) {
      partial[i] = { ...c, needs: unique([...c.needs, ...needs]), configNeeds: unique([...c.configNeeds, ...configNeeds]) };
    }
  }
  return out;
}

/** The name of a component's `config/` Flux Kustomization. */
export function configUnit(name: string): string {
  return `${name}-config`;
}

/**
 * Whether an object goes to the component's `config/` folder: every object of a component applied
 * from Git, and the custom resources of CRDs the component installs itself (they cannot be applied
 * with the chart: the CRDs do not exist yet at dry-run).
 */
export function isConfigObject(c: Pick<ComponentModel, 'source' | 'provides'>, obj: KubeObject): boolean {
  if (!c.source.chart) return true;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  return c.provides.includes(capability('crd', group));
}

/** The entries of `components`: instances, with every other entry reported at its index. */
function componentList(
  listed: unknown,
  at: { cluster: string; source: string },
  diagnostics: Diagnostic[],
): { instance: ComponentInstance; index: number }[] {
  if (listed === undefined) {
    diagnostics.push({ ...at, code: 'CLUSTER_INVALID', path: 'components', message: 'is required', hint: 'list the components of the cluster: components: [myComponent({ … }), …]' });
    return [];
  }
  if (!Array.isArray(listed)) {
    diagnostics.push({ ...at, code: 'CLUSTER_INVALID', path: 'components', message: 'must be a list of components', got: typeof listed, hint: 'write components: [myComponent({ … }), …]' });
    return [];
  }
  const out: { instance: ComponentInstance; index: number }[] = [];
  listed.forEach((entry: unknown, index) => {
    if (isComponentInstance(entry)) out.push({ instance: entry, index });
    else if (isComponentFactory(entry)) {
      const name = entry.spec.name;
      diagnostics.push({
        ...at,
        code: 'CLUSTER_INVALID',
        path: `components[${index}]`,
        message: `is the ${name} component itself, not a use of it`,
        hint: `call it: ${camel(name)}() or ${camel(name)}({ … })`,
      });
    } else {
      diagnostics.push({
        ...at,
        code: 'CLUSTER_INVALID',
        path: `components[${index}]`,
        message: 'is not a component',
        got: entry === undefined ? 'undefined' : typeof entry === 'function' ? 'a function' : entry,
        hint: 'write a component call like myComponent({ … }); to leave a component out, remove it from the list (or filter the list before passing it)',
      });
    }
  });
  return out;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/**
 * A component's own code threw while mapping its values: a bug in the package (a user's value
 * must never reach it unvalidated), reported as a coded problem instead of a stack trace.
 */
function hookFailure(c: Checked, error: unknown, source: string): Diagnostic {
  const debug = process.env['FLUXGEN_DEBUG'] === '1' && error instanceof Error ? `\n${error.stack}` : '';
  const message = (error instanceof Error ? error.message : String(error)) + debug;
  return {
    cluster: c.ctx.cluster,
    component: c.name,
    source: `@fluxgen/${c.spec.name}`,
    code: 'COMPONENT_INVALID',
    message: `failed while turning the values of ${source} into chart values and objects: ${message}`,
    hint: `a bug in @fluxgen/${c.spec.name}: report it with the values that caused it (FLUXGEN_DEBUG=1 shows where it failed)`,
  };
}

/** Diagnostics sorted by the position of their component in the cluster file (cluster-wide ones first); stable. */
function inClusterOrder(diagnostics: readonly Diagnostic[], instances: readonly ComponentInstance[]): Diagnostic[] {
  const position = new Map<string, number>();
  instances.forEach((instance, i) => {
    const raw = (instance.input ?? {}) as Record<string, unknown>;
    const name = typeof raw['name'] === 'string' ? raw['name'] : instance.spec.name;
    if (!position.has(name)) position.set(name, i);
  });
  const rank = (d: Diagnostic) => (d.component === undefined ? -1 : (position.get(d.component) ?? instances.length));
  return diagnostics.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map(({ d }) => d);
}

/** What an instance's own declarations find in its values: its field rules and its `check`. */
function ownProblems(c: Checked, ctx: ComponentContext, source: string): Diagnostic[] {
  const scope = { cluster: ctx.cluster, component: c.name, source };
  return [
    ...ruleProblems(c.spec, c.values),
    ...(c.spec.check?.(c.values as never, ctx) ?? []).map((p) => ({ ...p, code: p.code ?? ('VALUE_INVALID' as const) })),
  ].map((p) => ({ ...scope, ...p }));
}

/** The field rules a component declares that its values break. */
function ruleProblems(spec: ComponentSpec, values: Record<string, unknown>): Diagnostic[] {
  return (spec.rules ?? []).flatMap((rule) => {
    const when = getPath(values, rule.when);
    const applies = rule.is === undefined ? isSet(when) : when === rule.is;
    if (!applies || isSet(getPath(values, rule.require))) return [];
    const condition = rule.is === undefined ? `${rule.when} is set` : `${rule.when} is ${JSON.stringify(rule.is)}`;
    return [{ code: 'VALUE_MISSING' as const, path: rule.require, message: `is required when ${condition}`, hint: rule.because }];
  });
}

/** A STACK_CONFLICT for each derived value the cluster set otherwise, in `helmValues` or the typed value. */
function stackConflicts(c: Checked, derivations: readonly Derivation[], scope: { cluster: string; component: string; source: string }): Diagnostic[] {
  return derivations.flatMap((d) => {
    const setBy = [
      ...(d.valuePath !== undefined && getPath(c.raw, d.valuePath) !== undefined ? [{ path: d.valuePath, got: getPath(c.raw, d.valuePath) }] : []),
      ...(getPath(c.common.helmValues, d.helmPath) !== undefined ? [{ path: `helmValues.${d.helmPath}`, got: getPath(c.common.helmValues, d.helmPath) }] : []),
    ];
    const other = `${d.because.from}${d.because.path ? ` (${d.because.path})` : ''}`;
    return setBy
      .filter((s) => JSON.stringify(s.got) !== JSON.stringify(d.value))
      .map((s) => ({
        ...scope,
        code: 'STACK_CONFLICT' as const,
        path: s.path,
        got: s.got,
        message: `must be ${JSON.stringify(d.value)} because ${other} publishes ${describeFact(d.because)}: ${d.reason}`,
        hint: `remove ${s.path} from ${c.name} (fluxgen sets it while ${d.because.from} is in the cluster), or remove ${d.because.from}`,
      }));
  });
}

/** Names that clash across components: StorageClasses, Gateways, and Flux unit folders. */
function collisions(components: readonly Resolving[], at: { cluster: string; source: string }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const makers = new Map<Capability, string>();
  for (const c of components) {
    for (const cap of c.provides) {
      const kind = cap.slice(0, cap.indexOf(':')) as CapabilityKindName;
      const first = makers.get(cap);
      if (first === undefined) makers.set(cap, c.name);
      else if (first !== c.name && CAPABILITY_KINDS[kind]?.unique) {
        out.push({
          ...at,
          component: c.name,
          code: 'NAME_DUPLICATE',
          message: `makes ${cap}, which ${first} makes too`,
          hint: `give one of them another name: two components cannot both own ${cap}`,
        });
      }
    }
  }
  const units = new Map<string, string>();
  for (const c of components) {
    const own = [c.name, ...(c.objects.some((o) => isConfigObject(c, o)) ? [configUnit(c.name)] : [])];
    for (const unit of own) {
      const first = units.get(unit);
      if (first === undefined) units.set(unit, c.name);
      else {
        out.push({
          ...at,
          component: c.name,
          code: 'NAME_DUPLICATE',
          ...(c.name === unit ? { path: 'name' } : {}),
          message: `its Flux unit "${unit}" has the name of ${first === unit ? 'the component' : `a unit of ${first}`} "${unit}"`,
          hint: `give the instance another \`name\` (units are <name> and <name>-config)`,
        });
      }
    }
  }
  return out;
}

/**
 * `namespace:<ns>` for every namespace its config/ objects live in that it does not declare itself:
 * another component's (an edge), or one that must be `external`.
 */
function configNamespaceNeeds(c: Resolving, owners: ReadonlyMap<string, string>): Capability[] {
  return c.objects
    .filter((o) => isConfigObject(c, o) && typeof o.metadata.namespace === 'string')
    .map((o) => o.metadata.namespace!)
    .filter((ns) => !SYSTEM_NAMESPACES.has(ns) && owners.get(ns) !== c.name)
    .map((ns) => capability('namespace', ns));
}

function capabilities(declared: Capabilities | undefined): Capability[] {
  return Object.entries(declared ?? {}).flatMap(([kind, names]) => (names ?? []).map((n) => capability(kind as CapabilityKindName, n)));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * A secret backend's unit declares its namespace when the namespace's owner needs the Secrets it
 * provides: the owner cannot come first, and the Secrets cannot be applied into a namespace that
 * does not exist yet.
 */
function claimNamespaces(namespaces: readonly NamespaceModel[], units: readonly SecretUnit[], components: readonly Resolving[]): NamespaceModel[] {
  return namespaces.map((n) => {
    const owner = components.find((c) => c.name === n.owner);
    const unit = owner && units.find((u) => u.namespace === n.name && u.provides.some((p) => owner.needs.includes(p)));
    return unit ? { ...n, owner: unit.name } : n;
  });
}

function collectNamespaces(components: readonly Resolving[], checked: readonly Checked[], clusterVersion: string | undefined): NamespaceModel[] {
  const byName = new Map<string, { podSecurity: PodSecurityLevel; components: string[]; owner?: string; podSecurityVersion?: string }>();
  for (const c of components) {
    const level = c.podSecurity;
    // Only chart components can declare a namespace: a Git component has no app/ folder for it.
    const canOwn = c.source.chart;
    const entry = byName.get(c.namespace);
    if (!entry) byName.set(c.namespace, { podSecurity: level, components: [c.name], ...(canOwn ? { owner: c.name } : {}) });
    else {
      entry.components.push(c.name);
      if (LEVELS.indexOf(level) > LEVELS.indexOf(entry.podSecurity)) entry.podSecurity = level;
      if (!entry.owner && canOwn) entry.owner = c.name;
    }
  }
  for (const [name, entry] of byName) {
    const version = checked.find((c) => c.namespace === name && c.common.podSecurityVersion !== undefined)?.common.podSecurityVersion ?? clusterVersion;
    if (version !== undefined) entry.podSecurityVersion = version;
  }
  return [...byName.entries()]
    .map(([name, e]) => ({ name, ...e, owner: SYSTEM_NAMESPACES.has(name) ? undefined : e.owner }))
    .map(({ owner, ...n }) => (owner ? { ...n, owner } : n))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A source with the instance's own check interval (`sourceInterval`), when it sets one. */
function withInterval(source: SourceModel, interval: string | undefined): SourceModel {
  return interval ? { ...source, interval } : source;
}
