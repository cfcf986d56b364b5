/** A chart from an HTTP(S) Helm repository: a Flux HelmRepository beside the HelmRelease. */
import type { SourceKind } from './types.js';
import { EXACT_VERSION, chartUnit } from './shared.js';

export const helmRepository: SourceKind = {
  kind: 'HelmRepository',
  chart: true,
  accepts: (spec, prefer) => spec.chart?.repository !== undefined && (prefer === 'helm' || spec.chart.oci === undefined),
  model: (spec, version) => ({
    kind: 'HelmRepository',
    chart: true,
    url: spec.chart!.repository!,
    chartName: spec.chart!.name,
    version: version ?? spec.chart!.version,
  }),
  object: (source, scope) => ({
    where: source.shared ? 'shared' : 'app',
    object: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: source.shared ?? { name: scope.name, namespace: scope.namespace },
      spec: { interval: scope.interval, url: source.url },
    },
  }),
  chartRef: (source, scope) => ({
    chart: {
      spec: {
        chart: source.chartName!,
        version: source.version,
        sourceRef: { kind: 'HelmRepository', ...(source.shared ?? { name: scope.name }) },
        // The HelmChart's own check interval, when the instance sets one (`sourceInterval`).
        ...(source.interval ? { interval: source.interval } : {}),
      },
    },
  }),
  unit: chartUnit,
  pin: EXACT_VERSION,
  scheme: 'https://',
  fluxCommands: (source, scope) => [
    `flux get source helm ${source.shared?.name ?? scope.name} -n ${source.shared?.namespace ?? scope.namespace}`,
    `flux get source chart -n ${source.shared?.namespace ?? scope.namespace}`,
  ],
};
