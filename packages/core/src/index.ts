/**
 * @fluxgen/core: the public API, listed by who uses it. Component packages declare themselves with
 * the model, the value shapes and the schema helpers; cluster files use `defineCluster`; the CLI
 * renders and writes. Everything else stays inside the package (tests reach it through its files).
 */

// Components: the model
export { defineComponent, ReleaseOptionsSchema } from './component.js';
export type {
  Capabilities,
  Category,
  ChartRef,
  ComponentContext,
  ComponentFactory,
  ComponentInput,
  ComponentInstance,
  ComponentSpec,
  Derivation,
  DocLink,
  FactContext,
  FieldRule,
  GitSourceRef,
  HelmValues,
  PodSecurityLevel,
  KustomizationOptions,
  ReleaseDependency,
  ReleaseOptions,
  SecretBackendOffer,
  TroubleshootingStep,
  ValueProblem,
} from './component.js';
// --- docs (issue 13) ---
export { DIAGRAM, gatewayNode, storageClassNode, mermaidLabel, renderDiagram, scrapedBy, securityLayer, SECURITY_LAYERS, telemetryPiece, TOPIC_SECTIONS, TOPICS } from './docs.js';
export type { ClusterDocSection, ComponentReadme, Diagram, DiagramEdge, DiagramNode, HealthCheck, Symptom, SecurityLayer, TelemetryStage, Topic, TopicFacts, TopicSection } from './docs.js';
// --- end docs ---
export { capability } from './capability.js';
export type { Capability } from './capability.js';
export type { ClusterFacts, Fact, FactKinds, GatewayListenerFact, PublishedFact } from './facts.js';
export type { KubeObject } from './kube.js';
export { isBuiltInGroup } from './kube.js';

// Components: value shapes and schema helpers
export {
  AbsolutePath,
  ByteSize,
  CalendarDate,
  Cidr,
  Cron,
  DnsSubdomain,
  Duration,
  Email,
  Host,
  Hostname,
  IpAddress,
  Ipv4,
  MountOption,
  Name,
  Port,
  PrometheusDuration,
  Quantity,
  Size,
  checkShape,
  standardSchema,
  UncPath,
  Url,
} from './shapes/scalars.js';
export { GatewayParent, GatewayRef, IpRange, Monitoring, monitored, Resources, Route, routeParentRefs, Storage, storageClassOf } from './shapes/compound.js';
export type { RouteValue, StorageValue } from './shapes/compound.js';
export { HelmValuesSchema, StringEnum, withDefault } from './schema.js';
export type { Resolved, TDefaulted } from './schema.js';

// Components and backend packages: secrets
export { declareSecretBackend, SecretSource, secretName, secretSource, sourceKey } from './secrets.js';
export type {
  ResolvedSecret,
  SecretBackend,
  SecretBackendKey,
  SecretBackendRefs,
  SecretContext,
  SecretProblem,
  SecretResolution,
  SecretUnit,
  SecretUse,
  TSecretSource,
} from './secrets.js';
export { Type } from '@sinclair/typebox';
export type { Static, TObject, TSchema } from '@sinclair/typebox';

// Clusters
export { defineCluster, isClusterDefinition } from './cluster.js';
export type { ClusterDefinition, ClusterOptions } from './cluster.js';

// The CLI: render, write, report
export { FluxgenError, formatDiagnostic } from './errors.js';
export type { Diagnostic, ErrorCode } from './errors.js';
export { buildModel } from './model.js';
export type { ClusterModel, ComponentModel, NamespaceModel, SecretUnitModel } from './model.js';
export { renderCluster } from './render.js';
export type { RenderedCluster } from './render.js';
export { adoptTree, BatchSizer, FLUSH_FILESYSTEM_FROM, MANIFEST, nodeTreeFs, planWrite, writeInBatches, writeTree, writeTrees } from './writer.js';
export type { AdoptResult, BatchOptions, BatchReport, FlushMode, TreeFs, WriteContext, WritePlan, WriteTarget } from './writer.js';
export { codeCacheUse } from './validate.js';
export { tuneV8 } from './v8-tuning.js';
