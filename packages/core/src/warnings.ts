/**
 * Warnings: what a render tells but does not refuse. Today one kind, COMPONENT_DEPRECATED: an
 * instance of a component whose package declares it deprecated (`lifecycle.deprecated`), or whose
 * pinned chart version says so in its Chart.yaml (`deprecated: true`). The tree is still rendered;
 * the CLI prints each warning on stderr and keeps its exit code.
 */
import { loadContract } from './charts/contract.js';
import type { Diagnostic } from './errors.js';
import type { ClusterModel, ComponentModel } from './model.js';

/** The warnings of a rendered cluster, in apply order. */
export function renderWarnings(model: ClusterModel): Diagnostic[] {
  return model.components.flatMap((c) => deprecation(model, c));
}

function deprecation(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const life = c.spec.lifecycle;
  const why = life?.deprecated ?? (chartYamlDeprecated(c) ? `chart ${c.spec.chart!.name} ${c.source.version} is marked deprecated in its Chart.yaml` : undefined);
  if (why === undefined) return [];
  const successor = life?.successor;
  return [
    {
      cluster: model.name,
      component: c.name,
      source: model.source,
      code: 'COMPONENT_DEPRECATED',
      message: `is deprecated: ${why}${successor ? `; its successor is the ${successor} component` : ''}`,
      hint: successor
        ? `replace ${camel(c.spec.name)}(…) with ${camel(successor)}(…) from @fluxgen/${successor} in ${model.source}; until then it is still generated`
        : `plan to remove ${c.spec.name} from ${model.source} (its upstream names what replaces it); until then it is still generated`,
    },
  ];
}

/** Whether the pinned chart version's vendored Chart.yaml says `deprecated: true` (its contract records it). */
function chartYamlDeprecated(c: ComponentModel): boolean {
  if (!c.spec.chart || !c.spec.chartData || !c.source.chart) return false;
  try {
    return loadContract(c.spec.chartData, c.source.version)?.deprecated === true;
  } catch {
    // An unreadable contract is reported by the chart-values check; no warning to add here.
    return false;
  }
}

function camel(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '-' && i + 1 < name.length) out += name[++i]!.toUpperCase();
    else out += name[i];
  }
  return out;
}
