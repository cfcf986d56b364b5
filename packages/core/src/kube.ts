/**
 * The shape every emitted object shares, and where editors find its schema.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Any Kubernetes object fluxgen emits. Core kinds are typed with `kubernetes-types`. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta & { readonly name: string };
  readonly [field: string]: unknown;
}

/** Kinds of the core API groups that are cluster-scoped (custom kinds declare it themselves). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'StorageClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'PersistentVolume',
  'IngressClass',
  'CSIDriver',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/** Whether a kind is cluster-scoped, as far as fluxgen knows. */
export function isClusterScoped(kind: string, extra: ReadonlySet<string> = new Set()): boolean {
  return CLUSTER_SCOPED.has(kind) || extra.has(kind);
}

/**
 * The public JSON Schema an editor should use for an object (`# yaml-language-server: $schema=`).
 * Core kinds use yannh/kubernetes-json-schema; custom resources the datreeio CRDs catalog, which
 * names files `<group>/<kind>_<version>.json` like the vendored Flux schemas.
 */
export function schemaUrl(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const k = kind.toLowerCase();
  if (group === '') return `${YANNH}/${k}-${version}.json`;
  if (BUILT_IN_GROUPS.has(group!)) return `${YANNH}/${k}-${group!.split('.')[0]}-${version}.json`;
  return `https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/${group}/${k}_${version}.json`;
}

const YANNH = 'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict';
const BUILT_IN_GROUPS = new Set([
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'storage.k8s.io',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
]);

/** The API group of an apiVersion (`gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Whether an API group is served by Kubernetes itself (no CRD needed). */
export function isBuiltInGroup(group: string): boolean {
  return group === '' || BUILT_IN_GROUPS.has(group);
}

/** The public schema of kustomize's own `kustomization.yaml`. */
export const KUSTOMIZATION_SCHEMA_URL = 'https://json.schemastore.org/kustomization.json';

/**
 * The kinds Kubernetes serves in each built-in API group (the ones an object can be applied as;
 * review and token kinds are left out). A kind of a built-in group not listed here is a typo.
 */
const BUILT_IN_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Binding', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume',
    'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service',
    'ServiceAccount',
  ],
  apps: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  batch: ['CronJob', 'Job'],
  policy: ['PodDisruptionBudget'],
  autoscaling: ['HorizontalPodAutoscaler'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'networking.k8s.io': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io': ['PriorityClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': [
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  ],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'node.k8s.io': ['RuntimeClass'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'events.k8s.io': ['Event'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
};

/**
 * Why an object of a built-in API group cannot be applied as written: its kind is not served in
 * that group (with the group that serves it, or the nearest kind). Nothing for custom groups.
 */
export function builtInKindProblem(apiVersion: string, kind: string): { message: string; hint: string } | undefined {
  const group = apiGroup(apiVersion);
  const kinds = BUILT_IN_KINDS[group];
  if (!kinds || kinds.includes(kind)) return undefined;
  const where = (g: string) => (g === '' ? 'the core group (apiVersion v1)' : `API group ${g}`);
  const elsewhere = Object.entries(BUILT_IN_KINDS).find(([, list]) => list.includes(kind))?.[0];
  if (elsewhere !== undefined) {
    return { message: `is not a kind of ${where(group)}`, hint: `${kind} is served by ${where(elsewhere)}: fix apiVersion` };
  }
  const near = kinds.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? closest(kind, [...kinds]);
  return {
    message: `is not a kind Kubernetes serves in ${where(group)}`,
    hint:
      distance(near.toLowerCase(), kind.toLowerCase()) <= Math.max(2, Math.floor(kind.length / 3))
        ? `did you mean "${near}"?`
        : `a kind of ${where(group)} is one of ${kinds.join(', ')}; a custom resource needs the apiVersion of its own API group`,
  };
}
