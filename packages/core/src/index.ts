/**
 * @fluxgen/core: the public API. Component packages use the model and schema helpers; the CLI uses
 * rendering and the writer. Nothing else is exported.
 */
export { runChecks } from './checks/index.js';
export type { CheckInput } from './checks/index.js';
export { isCredentialKey } from './checks/policy.js';
export { defineCluster, isClusterDefinition, ClusterOptionsSchema } from './cluster.js';
export type { ClusterDefinition, ClusterOptions } from './cluster.js';
export { defineComponent, ReleaseOptionsSchema } from './component.js';
export type {
  Capability,
  Category,
  ChartRef,
  ComponentContext,
  ComponentFactory,
  ComponentInput,
  ComponentInstance,
  ComponentSpec,
  DocLink,
  GitSourceRef,
  HelmValues,
  PodSecurityLevel,
  ReleaseOptions,
  TroubleshootingStep,
  ValueProblem,
} from './component.js';
export { FluxgenError, formatDiagnostic } from './errors.js';
export type { Diagnostic, ErrorCode } from './errors.js';
export type {
  FluxKustomization,
  GitRepository,
  HelmRelease,
  HelmRepository,
  OCIRepository,
} from './flux/objects.js';
export type { KubeObject } from './kube.js';
export { buildModel, deepMerge } from './model.js';
export type { ClusterModel, ComponentModel, NamespaceModel } from './model.js';
export { renderCluster } from './render.js';
export type { RenderedCluster } from './render.js';
export { Duration, HelmValuesSchema, Name, SecretKeyRef, StringEnum, withDefault } from './schema.js';
export type { Resolved, TDefaulted } from './schema.js';
export { resolveSecret, SecretSource, secretName } from './secrets.js';
export type { ResolvedSecret, SecretUse } from './secrets.js';
export { validate } from './validate.js';
export { MANIFEST, planWrite, writeTree } from './writer.js';
export type { WritePlan } from './writer.js';
export { toYaml } from './yaml.js';
export { Type } from '@sinclair/typebox';
export type { Static, TObject, TSchema } from '@sinclair/typebox';
