/**
 * From a cluster definition to a validated model: every value checked, defaults applied, Helm
 * values merged, namespaces assigned, dependencies derived. Pure: nothing here touches the disk.
 */
import type { ClusterDefinition } from './cluster.js';
import { ClusterOptionsSchema } from './cluster.js';
import type {
  Capability,
  ComponentContext,
  ComponentSpec,
  HelmValues,
  PodSecurityLevel,
  ReleaseOptions,
  TroubleshootingStep,
} from './component.js';
import { FluxgenError, type Diagnostic } from './errors.js';
import { buildGraph, type DependencyEdge, type DependencyGraph } from './graph.js';
import type { KubeObject } from './kube.js';
import { resolveSecret, type ResolvedSecret } from './secrets.js';
import { validate } from './validate.js';

/** Namespaces fluxgen never declares: the cluster (or Flux bootstrap) owns them. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Where a component instance comes from: its chart (after the cluster's preference), or Git. */
export type SourceModel =
  | { readonly kind: 'OCIRepository' | 'HelmRepository'; readonly url: string; readonly chart: string; readonly version: string }
  | { readonly kind: 'GitRepository'; readonly url: string; readonly version: string; readonly path: string; readonly ignore?: string };

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
  /** Final chart values: mapped typed values with `helmValues` merged over them. */
  readonly helmValues: HelmValues;
  /** HelmRelease settings: fluxgen baseline, component, cluster and instance, merged in that order. */
  readonly release: ReleaseOptions;
  readonly objects: readonly KubeObject[];
  readonly provides: readonly Capability[];
  readonly needs: readonly Capability[];
  readonly features: readonly string[];
  readonly security: readonly string[];
  readonly troubleshooting: readonly TroubleshootingStep[];
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
  readonly graph: DependencyGraph;
}

export interface ModelOptions {
  /** Repository-relative folder of the cluster package. @default `clusters/<name>` */
  readonly dir?: string;
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

/**
 * Like {@link buildModel}, but an unmet need or a cycle does not stop it: they are returned with a
 * model in a best-effort order, so that rendering can report them together with everything its
 * checks find. Invalid values still throw: nothing can be built from them.
 */
export function buildModelReportingGraph(
  definition: ClusterDefinition,
  options: ModelOptions = {},
): { model: ClusterModel; problems: readonly Diagnostic[] } {
  const { components: instances, ...rawOptions } = definition.options;
  const clusterName = typeof rawOptions.name === 'string' ? rawOptions.name : '?';
  const dir = options.dir ?? `clusters/${clusterName}`;
  const source = `${dir}/cluster.ts`;
  const diagnostics: Diagnostic[] = [];

  const cluster = validate<
    typeof rawOptions & { flux: ClusterModel['flux']; chartSource: 'oci' | 'helm'; external: readonly string[] }
  >(
    ClusterOptionsSchema,
    rawOptions,
    { cluster: clusterName, source, invalidCode: 'CLUSTER_INVALID', unknownKeyCode: 'CLUSTER_INVALID' },
  );
  diagnostics.push(...cluster.diagnostics);

  const seen = new Map<string, number>();
  const partial: Omit<ComponentModel, 'dependsOn' | 'configDependsOn'>[] = [];
  instances.forEach((instance, index) => {
    const spec = instance.spec;
    const raw = (instance.input ?? {}) as Record<string, unknown>;
    const name = typeof raw['name'] === 'string' ? raw['name'] : spec.name;
    const scope = { cluster: clusterName, component: name, source };
    if (seen.has(name)) {
      diagnostics.push({
        ...scope,
        code: 'COMPONENT_DUPLICATE',
        message: `appears twice in components (positions ${seen.get(name)! + 1} and ${index + 1})`,
        hint: 'remove one, or give the second instance its own `name`',
      });
      return;
    }
    seen.set(name, index);

    const checked = validate<Record<string, unknown>>(instance.inputSchema, raw, scope);
    diagnostics.push(...checked.diagnostics);
    if (checked.diagnostics.length > 0) return;

    const { name: _name, namespace: nsOverride, version, helmValues: overrides, release, ...values } = checked.value;
    const namespace = (nsOverride as string | undefined) ?? spec.namespace;
    const ctx: ComponentContext = { cluster: clusterName, name, namespace, fluxNamespace: cluster.value.flux.namespace };
    const typed = values as never;
    const problems = spec.check?.(typed, ctx) ?? [];
    diagnostics.push(...problems.map((p) => ({ ...scope, code: 'VALUE_INVALID' as const, ...p })));
    if (problems.length > 0) return;
    const secrets = (spec.secrets?.(typed, ctx) ?? []).map((use) => resolveSecret(use, namespace));
    partial.push({
      spec,
      name,
      namespace,
      source: sourceOf(spec, version as string | undefined, cluster.value.chartSource),
      input: raw,
      values,
      helmValues: deepMerge(spec.helmValues?.(typed, ctx) ?? {}, (overrides ?? {}) as HelmValues),
      release: [spec.release, cluster.value.helmRelease, release as ReleaseOptions | undefined].reduce<ReleaseOptions>(
        (merged, next) => deepMerge(merged, next ?? {}),
        BASELINE_RELEASE,
      ),
      objects: [...(spec.objects?.(typed, ctx) ?? []), ...secrets.flatMap((s) => s.objects)],
      provides: spec.provides?.(typed, ctx) ?? [],
      needs: [...new Set([...(spec.needs?.(typed, ctx) ?? []), ...secrets.flatMap((s) => s.needs)])],
      configNeeds: spec.configNeeds?.(typed, ctx) ?? [],
      secrets,
      features: spec.features?.(typed, ctx) ?? [],
      security: spec.security?.(typed, ctx) ?? [],
      troubleshooting: spec.troubleshooting?.(typed, ctx) ?? [],
    });
  });
  if (diagnostics.length > 0) throw new FluxgenError(diagnostics);

  const namespaces = collectNamespaces(partial);
  const owners = new Map(namespaces.filter((n) => n.owner).map((n) => [n.name, n.owner!]));
  const { graph, diagnostics: graphProblems } = buildGraph(
    partial.flatMap((c) => {
      const owner = owners.get(c.namespace);
      const nsNeed: Capability[] = owner && owner !== c.name ? [`namespace:${c.namespace}`] : [];
      // A Git component applies nothing namespaced itself: only its config/ objects need the namespace.
      const git = c.source.kind === 'GitRepository';
      const configNeeds = [...new Set([...c.configNeeds, ...(git ? nsNeed : [])])];
      return [
        {
          name: c.name,
          provides: owner === c.name ? [...c.provides, `namespace:${c.namespace}` as const] : c.provides,
          needs: git ? c.needs : [...c.needs, ...nsNeed],
        },
        // The config/ unit comes after its component, and after whatever its objects need.
        ...(configNeeds.length > 0 ? [{ name: configUnit(c.name), provides: [], needs: configNeeds, after: [c.name] }] : []),
      ];
    }),
    { cluster: clusterName, source, external: cluster.value.external },
  );
  const byName = new Map(partial.map((c) => [c.name, c]));
  const edges = (name: string) => graph.dependsOn.get(name) ?? [];
  // After a cycle the order is partial: the rest follow in cluster order.
  const order = [...graph.order, ...partial.map((c) => c.name).filter((n) => !graph.order.includes(n))];
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
    external: cluster.value.external,
    release: deepMerge(BASELINE_RELEASE, cluster.value.helmRelease ?? {}) as ReleaseOptions,
    graph,
  };
  return { model, problems: graphProblems };
}

/** The name of a component's `config/` Flux Kustomization. */
export function configUnit(name: string): string {
  return `${name}-config`;
}

function sourceOf(spec: ComponentSpec, override: string | undefined, prefer: 'oci' | 'helm'): SourceModel {
  if (spec.git) {
    const { url, tag, path, ignore } = spec.git;
    return { kind: 'GitRepository', url, version: override ?? tag, path, ...(ignore ? { ignore } : {}) };
  }
  const { oci, repository, name } = spec.chart!;
  const version = override ?? spec.chart!.version;
  const useOci = oci !== undefined && (prefer === 'oci' || repository === undefined);
  return useOci
    ? { kind: 'OCIRepository', url: oci, chart: name, version }
    : { kind: 'HelmRepository', url: repository!, chart: name, version };
}

function collectNamespaces(components: readonly Omit<ComponentModel, 'dependsOn' | 'configDependsOn'>[]): NamespaceModel[] {
  const byName = new Map<string, { podSecurity: PodSecurityLevel; components: string[]; owner?: string }>();
  for (const c of components) {
    const level = c.spec.podSecurity ?? 'baseline';
    // Only chart components can declare a namespace: a Git component has no app/ folder for it.
    const canOwn = c.source.kind !== 'GitRepository';
    const entry = byName.get(c.namespace);
    if (!entry) byName.set(c.namespace, { podSecurity: level, components: [c.name], ...(canOwn ? { owner: c.name } : {}) });
    else {
      entry.components.push(c.name);
      if (LEVELS.indexOf(level) > LEVELS.indexOf(entry.podSecurity)) entry.podSecurity = level;
      if (!entry.owner && canOwn) entry.owner = c.name;
    }
  }
  return [...byName.entries()]
    .map(([name, e]) => ({ name, ...e, owner: SYSTEM_NAMESPACES.has(name) ? undefined : e.owner }))
    .map(({ owner, ...n }) => (owner ? { ...n, owner } : n))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Deep-merges `over` into `base` the way Helm merges values: objects merge, everything else replaces. */
export function deepMerge(base: HelmValues, over: HelmValues): HelmValues {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is HelmValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
