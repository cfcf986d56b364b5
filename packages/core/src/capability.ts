/**
 * Capabilities: what components provide and need, from which `dependsOn` is derived. Every kind is
 * declared once, in {@link CAPABILITY_KINDS}; the type, the `external` check of cluster.ts, the
 * graph's messages and the README grouping are all derived from that table.
 */

/** How one kind of capability is written, explained and grouped. */
export interface CapabilityKind {
  /** README heading of the group (`CRDs`). */
  readonly title: string;
  /** What the part after `<kind>:` is, in words, with an example (for errors on `external`). */
  readonly form: string;
  /** Checks the part after `<kind>:`; a reason in words when it is malformed. */
  readonly check: (name: string) => string | undefined;
  /** Whether two components providing the same one is a collision (a StorageClass has one maker). */
  readonly unique: boolean;
  /** Whether a missing one is a dangling reference (a named object) rather than an unmet dependency. */
  readonly reference: boolean;
  /** What to do when no component provides it (`need` is the whole capability). */
  readonly hint: (name: string, need: string) => string;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const namespaced = (name: string): string | undefined => {
  const [ns, object, extra] = name.split('/');
  return extra === undefined && ns && object && LABEL.test(ns) && SUBDOMAIN.test(object)
    ? undefined
    : 'must be <namespace>/<name>, both lowercase DNS names';
};
const subdomain = (name: string): string | undefined => (SUBDOMAIN.test(name) ? undefined : 'must be a lowercase DNS name');
const external = (need: string) => `or list "${need}" in the cluster's \`external\` if it is made outside this tree`;

/** Every capability kind. Add a kind here and everything else follows. */
export const CAPABILITY_KINDS = {
  crd: {
    title: 'CRDs',
    form: 'an API group, e.g. crd:monitoring.coreos.com',
    check: subdomain,
    unique: false,
    reference: false,
    hint: (group, need) =>
      `add the component that installs the ${group} CRDs, turn off the feature that uses them, ${external(need)}`,
  },
  'storage-class': {
    title: 'Storage classes',
    form: 'a StorageClass name, e.g. storage-class:fast',
    check: subdomain,
    unique: true,
    reference: false,
    hint: (name, need) => `add a component that provides the StorageClass "${name}", choose a class the cluster has, ${external(need)}`,
  },
  secret: {
    title: 'Secrets',
    form: '<namespace>/<name>, e.g. secret:monitoring/app-credentials',
    check: namespaced,
    unique: false,
    reference: true,
    hint: (name, need) => `produce the Secret ${name} in the cluster (a SecretSource of a backend present in the cluster), ${external(need)}`,
  },
  configmap: {
    title: 'ConfigMaps',
    form: '<namespace>/<name>, e.g. configmap:monitoring/dashboards',
    check: namespaced,
    unique: false,
    reference: true,
    hint: (name, need) => `produce the ConfigMap ${name} in the cluster (a component's \`objects\`), ${external(need)}`,
  },
  namespace: {
    title: 'Namespaces',
    form: 'a namespace name, e.g. namespace:monitoring',
    check: (name) => (LABEL.test(name) ? undefined : 'must be a lowercase DNS label'),
    unique: true,
    reference: false,
    hint: (name, need) => `install a component into namespace ${name} so that it is declared, ${external(need)}`,
  },
  gateway: {
    title: 'Gateways',
    form: '<namespace>/<name>, e.g. gateway:network/internal',
    check: namespaced,
    unique: true,
    reference: true,
    hint: (name, need) => `declare the Gateway ${name} in a component of the cluster (e.g. a Gateway API component's \`gateways\`), ${external(need)}`,
  },
} as const satisfies Record<string, CapabilityKind>;

export type CapabilityKindName = keyof typeof CAPABILITY_KINDS;

/**
 * Something a component makes available to others, or needs from them, written `<kind>:<name>`
 * with a kind of {@link CAPABILITY_KINDS} (`crd:monitoring.coreos.com`, `storage-class:fast-ssd`,
 * `secret:monitoring/grafana-admin`, `gateway:network/internal`).
 */
export type Capability = `${CapabilityKindName}:${string}`;

/** Builds a capability from its kind and name. */
export function capability(kind: CapabilityKindName, name: string): Capability {
  return `${kind}:${name}`;
}

/** Splits a capability into its kind (declared or not) and name. */
export function parseCapability(text: string): { kind: string; name: string; spec?: CapabilityKind } {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const name = colon < 0 ? '' : text.slice(colon + 1);
  const spec = (CAPABILITY_KINDS as Record<string, CapabilityKind>)[kind];
  return spec ? { kind, name, spec } : { kind, name };
}

/** Why a written capability (an `external` entry) is malformed, in words; undefined when it is fine. */
export function capabilityProblem(text: string): { message: string; hint: string } | undefined {
  const { kind, name, spec } = parseCapability(text);
  const kinds = Object.keys(CAPABILITY_KINDS);
  if (!spec) return { message: `"${kind}" is not a kind of capability`, hint: `write <kind>:<name> with a kind of ${kinds.join(', ')}` };
  const reason = name === '' ? 'is empty' : spec.check(name);
  return reason ? { message: `the name after "${kind}:" ${reason}`, hint: `write ${spec.form}` } : undefined;
}
