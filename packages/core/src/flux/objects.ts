/**
 * Typed Flux objects. The specs are derived from the vendored CRD schemas (types.gen.ts, written
 * by scripts/flux-types.ts); metadata is Kubernetes' ObjectMeta.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type {
  GitRepositorySpec,
  HelmReleaseSpec,
  HelmRepositorySpec,
  KustomizationSpec,
  OCIRepositorySpec,
} from './types.gen.js';

export type { GitRepositorySpec, HelmReleaseSpec, HelmRepositorySpec, KustomizationSpec, OCIRepositorySpec };

interface FluxObject<A extends string, K extends string, S> {
  apiVersion: A;
  kind: K;
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: S;
}

export type HelmRelease = FluxObject<'helm.toolkit.fluxcd.io/v2', 'HelmRelease', HelmReleaseSpec>;
export type HelmRepository = FluxObject<'source.toolkit.fluxcd.io/v1', 'HelmRepository', HelmRepositorySpec>;
export type OCIRepository = FluxObject<'source.toolkit.fluxcd.io/v1', 'OCIRepository', OCIRepositorySpec>;
export type GitRepository = FluxObject<'source.toolkit.fluxcd.io/v1', 'GitRepository', GitRepositorySpec>;
export type FluxKustomization = FluxObject<'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', KustomizationSpec>;

/** Any source a HelmRelease or Flux Kustomization can read from. */
export type FluxSource = HelmRepository | OCIRepository | GitRepository;
