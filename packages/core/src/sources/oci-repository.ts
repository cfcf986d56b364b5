/** A chart from an OCI registry: a Flux OCIRepository beside the HelmRelease, which names it in `chartRef`. */
import type { SourceKind } from './types.js';
import { EXACT_VERSION, chartUnit } from './shared.js';

export const ociRepository: SourceKind = {
  kind: 'OCIRepository',
  chart: true,
  accepts: (spec, prefer) => spec.chart?.oci !== undefined && (prefer === 'oci' || spec.chart.repository === undefined),
  model: (spec, version) => ({
    kind: 'OCIRepository',
    chart: true,
    url: spec.chart!.oci!,
    chartName: spec.chart!.name,
    version: version ?? spec.chart!.version,
  }),
  object: (source, scope) => ({
    where: source.shared ? 'shared' : 'app',
    object: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: source.shared ?? { name: scope.name, namespace: scope.namespace },
      spec: {
        interval: scope.interval,
        url: source.url,
        ref: { tag: source.version },
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      },
    },
  }),
  chartRef: (source, scope) => ({ chartRef: { kind: 'OCIRepository', ...(source.shared ?? { name: scope.name }) } }),
  unit: chartUnit,
  pin: EXACT_VERSION,
  scheme: 'oci://',
  fluxCommands: (source, scope) => [`flux get source oci ${source.shared?.name ?? scope.name} -n ${source.shared?.namespace ?? scope.namespace}`],
};
