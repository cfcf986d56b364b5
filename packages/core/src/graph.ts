/**
 * Dependency order between components, derived from what each provides and needs.
 */
import { parseCapability, type Capability } from './capability.js';
import type { Diagnostic } from './errors.js';

/** A component as the dependency graph sees it. */
export interface GraphNode {
  readonly name: string;
  readonly provides: readonly Capability[];
  readonly needs: readonly Capability[];
  /** Nodes it comes after regardless of capabilities (a `-config` unit after its component). */
  readonly after?: readonly string[];
}

/** The derived graph: for each node, the nodes it depends on, and a valid apply order. */
export interface DependencyGraph {
  /** name → names it depends on (sorted, each with the capabilities that created the edge). */
  readonly dependsOn: ReadonlyMap<string, readonly DependencyEdge[]>;
  /** Names in an order where every node comes after what it depends on. */
  readonly order: readonly string[];
}

export interface DependencyEdge {
  readonly name: string;
  readonly because: readonly Capability[];
}

/**
 * Resolves needs to providers. An unmet need and a cycle are errors; both name the components
 * involved (a cycle as the full chain `a → b → a`).
 */
export function buildGraph(
  nodes: readonly GraphNode[],
  where: { cluster: string; source?: string; external?: readonly string[] },
): {
  graph: DependencyGraph;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const providers = new Map<Capability, string[]>();
  for (const node of nodes) {
    for (const cap of node.provides) providers.set(cap, [...(providers.get(cap) ?? []), node.name]);
  }

  const dependsOn = new Map<string, DependencyEdge[]>();
  for (const node of nodes) {
    const edges = new Map<string, Capability[]>((node.after ?? []).map((name) => [name, []]));
    for (const need of node.needs) {
      const by = (providers.get(need) ?? []).filter((p) => p !== node.name);
      const external = where.external?.includes(need) ?? false;
      if (by.length === 0 && !external && !(providers.get(need) ?? []).includes(node.name)) {
        diagnostics.push({
          code: parseCapability(need).spec?.reference ? 'REFERENCE_DANGLING' : 'DEPENDENCY_UNMET',
          cluster: where.cluster,
          component: node.name,
          ...(where.source ? { source: where.source } : {}),
          message: `needs ${need}, which no component of the cluster provides`,
          hint: hintFor(need),
        });
      }
      for (const p of by) edges.set(p, [...(edges.get(p) ?? []), need]);
    }
    dependsOn.set(
      node.name,
      [...edges.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, because]) => ({ name, because: [...new Set(because)].sort() })),
    );
  }

  const { order, cycle } = topoSort(
    nodes.map((n) => n.name),
    dependsOn,
  );
  if (cycle) {
    diagnostics.push({
      code: 'DEPENDENCY_CYCLE',
      cluster: where.cluster,
      component: cycle[0]!,
      ...(where.source ? { source: where.source } : {}),
      message: `dependency cycle: ${cycle.join(' → ')}`,
      hint: 'split the CRDs into their own component, or drop one of the needs that closes the loop',
    });
  }
  return { graph: { dependsOn, order }, diagnostics };
}

function hintFor(need: Capability): string {
  const { name, spec } = parseCapability(need);
  return spec ? spec.hint(name, need) : `add a component that provides ${need}`;
}

/** Depth-first topological sort, stable in input order; returns the first cycle found. */
function topoSort(
  names: readonly string[],
  dependsOn: ReadonlyMap<string, readonly DependencyEdge[]>,
): { order: string[]; cycle?: string[] } {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  let cycle: string[] | undefined;

  const visit = (name: string): void => {
    if (cycle || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycle = [...stack.slice(stack.indexOf(name)), name];
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const edge of dependsOn.get(name) ?? []) visit(edge.name);
    stack.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name);
  return cycle ? { order, cycle } : { order };
}
