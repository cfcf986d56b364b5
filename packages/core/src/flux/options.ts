/**
 * What a cluster may set on the Flux objects fluxgen writes: every field of the HelmRelease v2 and
 * Kustomization v1 specs that fluxgen does not own. The schemas are the vendored Flux CRD schemas
 * (the same ones every emitted object is checked against), less the owned fields, so a typo is
 * refused with a did-you-mean and every real field gets through; the types are the generated Flux
 * types, less the same fields.
 */
import { Type } from '@sinclair/typebox';
import { loadSchema } from '../json-schema.js';
import type { HelmReleaseSpec, KustomizationSpec } from './objects.js';

const DATA = new URL('../../data/schemas/flux/', import.meta.url);

/** HelmRelease fields fluxgen owns: the chart it pins, the values it renders, the release name it derives. */
export const OWNED_RELEASE_FIELDS = ['chart', 'chartRef', 'values', 'releaseName'] as const;
/** Kustomization fields fluxgen owns: what it applies, from where, in which order, and pruning. */
export const OWNED_KUSTOMIZATION_FIELDS = ['path', 'sourceRef', 'dependsOn', 'prune'] as const;

/** HelmRelease settings: every field of `spec` but {@link OWNED_RELEASE_FIELDS}. */
export type ReleaseOptions = Partial<Omit<HelmReleaseSpec, (typeof OWNED_RELEASE_FIELDS)[number]>>;
/** Flux Kustomization settings: every field of `spec` but {@link OWNED_KUSTOMIZATION_FIELDS}. */
export type KustomizationOptions = Partial<Omit<KustomizationSpec, (typeof OWNED_KUSTOMIZATION_FIELDS)[number]>>;

function specSchema(file: string, owned: readonly string[], description: string): object {
  const schema = loadSchema(new URL(file, DATA)) as { properties: { spec: { properties: Record<string, object> } } };
  const properties = Object.fromEntries(Object.entries(schema.properties.spec.properties).filter(([key]) => !owned.includes(key)));
  return { type: 'object', description, properties, additionalProperties: false };
}

export const ReleaseOptionsSchema = Type.Unsafe<ReleaseOptions>(
  specSchema(
    'helm.toolkit.fluxcd.io/helmrelease_v2.strict.json',
    OWNED_RELEASE_FIELDS,
    'HelmRelease settings (any field of the HelmRelease v2 spec but chart, chartRef, values and releaseName), deep-merged over the component\'s and the cluster\'s.',
  ),
);

export const KustomizationOptionsSchema = Type.Unsafe<KustomizationOptions>(
  specSchema(
    'kustomize.toolkit.fluxcd.io/kustomization_v1.strict.json',
    OWNED_KUSTOMIZATION_FIELDS,
    'Flux Kustomization settings of the component\'s units (any field of the Kustomization v1 spec but path, sourceRef, dependsOn and prune): timeout, interval, retryInterval, wait, healthChecks, healthCheckExprs, postBuild, decryption, force, …',
  ),
);
