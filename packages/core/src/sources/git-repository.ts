/**
 * A component applied straight from a Git repository (e.g. the Gateway API CRDs): a Flux
 * GitRepository pinned to a tag beside `ks.yaml`, and a Flux Kustomization building a folder in it.
 */
import type { SourceKind } from './types.js';

/** A Git tag that names a release: a version, optionally after a prefix (`v1.6.1`, `helm-chart/1.11.1`). */
export const RELEASE_TAG = /^([A-Za-z0-9._-]*[-/])?v?\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const gitRepository: SourceKind = {
  kind: 'GitRepository',
  chart: false,
  accepts: (spec) => spec.git !== undefined,
  model: (spec, version) => ({
    kind: 'GitRepository',
    chart: false,
    url: spec.git!.url,
    version: version ?? spec.git!.tag,
    path: spec.git!.path,
    ...(spec.git!.ignore ? { ignore: spec.git!.ignore } : {}),
  }),
  object: (source, scope) => ({
    where: 'unit',
    object: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: scope.name, namespace: scope.fluxNamespace },
      spec: {
        interval: scope.interval,
        url: source.url,
        ref: { tag: source.version },
        ...(source.ignore ? { ignore: source.ignore } : {}),
      },
    },
  }),
  unit: (source, scope) => ({ path: source.path!, sourceRef: { kind: 'GitRepository', name: scope.name } }),
  pin: { test: (v) => RELEASE_TAG.test(v), words: 'a release tag (a branch or pattern moves under you)' },
  scheme: 'https://',
  fluxCommands: (_, scope) => [`flux get source git ${scope.name} -n ${scope.fluxNamespace}`],
};
