/**
 * The dependency diagram of the layer, from the rendered units: one subgraph per namespace, every
 * Flux Kustomization its own node (a `-config` unit too), one arrow style per kind of edge, the
 * meaning given once in a legend.
 */
import { renderDiagram, type Diagram, type RenderedDiagram } from '../docs.js';
import type { ClusterModel } from '../model.js';
import type { ComponentLayout } from './layout.js';

export function dependencyDiagram(model: ClusterModel, layouts: ReadonlyMap<string, ComponentLayout>): RenderedDiagram {
  const units = model.components.flatMap((c) => layouts.get(c.name)!.units.map((u) => ({ ...u, title: c.spec.title })));
  const namespaces = [...new Set(units.map((u) => u.namespace))].sort();
  const diagram: Diagram = {
    id: 'dependencies',
    title: 'Dependencies',
    topic: 'maintenance',
    groups: namespaces.map((ns) => ({ id: ns, label: ns })),
    nodes: units.map((u) => ({ id: u.name, label: u.config ? `${u.title}: objects\n${u.name}` : `${u.title}\n${u.name}`, group: u.namespace })),
    edges: units.flatMap((u) =>
      u.dependsOn.map((d) => ({ from: d, to: u.name, kind: u.config && d === u.component ? 'own' : 'needs' })),
    ),
    legend: {
      needs: 'the unit at the head waits for the one at the tail (`dependsOn`), which provides something it needs (see [Integration Points](#integration-points))',
      own: "a component's own objects (`config/`), applied once the component is ready",
    },
  };
  return renderDiagram(diagram);
}
