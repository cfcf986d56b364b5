/**
 * Facts: what a component tells the other components of its cluster about itself (its endpoints,
 * its service-mesh mode, the default StorageClass it makes, its Gateways). Components publish them
 * from their own values; every component's mapping, objects and stack rules may read them. The
 * kinds are declared here, once; a package can add a kind by declaration merging:
 *
 * ```ts
 * declare module '@fluxgen/core' { interface FactKinds { 'my-kind': { readonly x: string } } }
 * ```
 */

/** A Gateway listener as routes see it. */
export interface GatewayListenerFact {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
}

/** Every kind of fact, and the data it carries. */
export interface FactKinds {
  /**
   * An in-cluster endpoint, by well-known name: `prometheus`, `alertmanager`, `loki` (push and
   * query base URL), `tempo` (query), `otlp-grpc`, `otlp-http`, `memcached`, ….
   */
  endpoint: { readonly name: string; readonly url: string };
  /** A service mesh and its data-plane mode. */
  mesh: { readonly mode: 'ambient' | 'sidecar' };
  /** The StorageClass that claims without a class get. */
  'default-storage-class': { readonly name: string };
  /** A Gateway and its listeners: routes are checked against it. */
  gateway: { readonly namespace: string; readonly name: string; readonly listeners: readonly GatewayListenerFact[] };
  /**
   * A controller that restarts workloads when their ConfigMaps or Secrets change: the annotation a
   * workload opts in with (`reloader.stakater.com/auto: "true"`), and the namespaces it watches
   * (empty: every namespace).
   */
  'workload-restarter': { readonly annotation: string; readonly value: string; readonly namespaces: readonly string[] };
  /**
   * The instance installs the CRDs of an API group that several instances' charts carry (e.g. the
   * DNSEndpoint CRD of every external-dns release): at most one of them should manage it.
   */
  'crd-owner': { readonly group: string };
  /**
   * A Prometheus Operator that picks up ServiceMonitors and PodMonitors in every namespace (e.g.
   * kube-prometheus-stack): `Monitoring({ derived: true })` values left unset turn on.
   */
  'metrics-collector': { readonly namespace: string };
  /**
   * A component that pushes samples to the cluster's Prometheus through remote write (e.g. Tempo's
   * metrics generator): the collector turns its remote-write receiver on.
   */
  'remote-write-client': { readonly name: string };
  /**
   * A dashboard loader (Grafana's sidecar): ConfigMaps with this label (and value) in the listed
   * namespaces (empty: every namespace) become dashboards, in the folder the annotation names.
   */
  'dashboard-loader': { readonly label: string; readonly value: string; readonly folderAnnotation: string; readonly namespaces: readonly string[] };
  /** An operator that reconciles custom resources of an API group and kind (e.g. dragonflydb.io Dragonfly). */
  operator: { readonly group: string; readonly resource: string };
  /** A chart released together with others (Istio's base, istiod, cni, ztunnel): every member of `group` pins the same `version`. */
  lockstep: { readonly group: string; readonly version: string };
}

export type FactKind = keyof FactKinds;

/** A fact as a component declares it: its kind, its data, and the value it comes from. */
export type Fact = {
  [K in FactKind]: { readonly kind: K; /** The typed value it follows from (`profile`), for messages. */ readonly path?: string } & FactKinds[K];
}[FactKind];

/** A fact as other components read it: with the instance that published it. */
export type PublishedFact<K extends FactKind = FactKind> = K extends FactKind
  ? { readonly kind: K; readonly from: string; readonly path?: string } & FactKinds[K]
  : never;

/** Kinds of which a cluster can hold at most one (two default StorageClasses are a mistake). */
const SINGLE: ReadonlySet<FactKind> = new Set<FactKind>(['mesh', 'default-storage-class', 'metrics-collector', 'dashboard-loader']);

/** What a component's functions can read about the rest of the cluster. */
export interface ClusterFacts {
  /** Every published fact of a kind, in cluster order. */
  all<K extends FactKind>(kind: K): readonly PublishedFact<K>[];
  /** The fact of a kind a cluster holds at most one of (`mesh`, `default-storage-class`). */
  one<K extends FactKind>(kind: K): PublishedFact<K> | undefined;
  /** The endpoint of that name, when a component of the cluster publishes one. */
  endpoint(name: string): PublishedFact<'endpoint'> | undefined;
}

/** The facts of a cluster, from what each instance published. */
export function clusterFacts(published: readonly PublishedFact[]): ClusterFacts {
  const all = <K extends FactKind>(kind: K) => published.filter((f) => f.kind === kind) as unknown as PublishedFact<K>[];
  return {
    all,
    one: (kind) => all(kind)[0],
    endpoint: (name) => all('endpoint').find((e) => e.name === name),
  };
}

/** Facts that clash: a second fact of a single kind, or a second endpoint of the same name. */
export function factCollisions(published: readonly PublishedFact[]): { first: PublishedFact; second: PublishedFact; what: string }[] {
  const seen = new Map<string, PublishedFact>();
  const out: { first: PublishedFact; second: PublishedFact; what: string }[] = [];
  for (const fact of published) {
    const key = SINGLE.has(fact.kind)
      ? fact.kind
      : fact.kind === 'endpoint'
        ? `endpoint:${(fact as PublishedFact<'endpoint'>).name}`
        : undefined;
    if (!key) continue;
    const first = seen.get(key);
    if (!first) seen.set(key, fact);
    else out.push({ first, second: fact, what: describeFact(fact) });
  }
  return out;
}

/** A fact in words, for errors and READMEs. */
export function describeFact(fact: PublishedFact): string {
  switch (fact.kind) {
    case 'endpoint':
      return `the ${(fact as PublishedFact<'endpoint'>).name} endpoint`;
    case 'mesh':
      return `a service mesh in ${(fact as PublishedFact<'mesh'>).mode} mode`;
    case 'default-storage-class':
      return `the default StorageClass (${(fact as PublishedFact<'default-storage-class'>).name})`;
    case 'gateway': {
      const g = fact as PublishedFact<'gateway'>;
      return `Gateway ${g.namespace}/${g.name}`;
    }
    case 'workload-restarter':
      return `a workload restarter (workloads opt in with ${(fact as PublishedFact<'workload-restarter'>).annotation})`;
    case 'crd-owner':
      return `the ${(fact as PublishedFact<'crd-owner'>).group} CRDs`;
    case 'metrics-collector':
      return `a Prometheus Operator watching every namespace (${(fact as PublishedFact<'metrics-collector'>).namespace})`;
    case 'remote-write-client':
      return `a remote-write client (${(fact as PublishedFact<'remote-write-client'>).name})`;
    case 'dashboard-loader':
      return `a dashboard loader (ConfigMaps labelled ${(fact as PublishedFact<'dashboard-loader'>).label})`;
    case 'operator': {
      const o = fact as PublishedFact<'operator'>;
      return `the operator of ${o.resource}.${o.group}`;
    }
    case 'lockstep': {
      const l = fact as PublishedFact<'lockstep'>;
      return `${l.group} ${l.version}`;
    }
    default:
      return (fact as { kind: string }).kind;
  }
}
