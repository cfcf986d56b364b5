/**
 * A cluster: the components it runs and the policy set once for all of them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ExtraObjectSchema, type ComponentInstance } from './component.js';
import { TOPICS } from './docs.js';
import { KustomizationOptionsSchema, ReleaseOptionsSchema } from './flux/options.js';
import type { SecretBackend } from './secrets.js';
import { strict, StringEnum, withDefault } from './schema.js';
import { DnsSubdomain, Duration, Name } from './shapes/scalars.js';

/** A Pod Security Standards version: `latest` or a Kubernetes minor version (`v1.33`). */
export const PodSecurityVersion = (description: string) =>
  Type.String({ pattern: '^(latest|v1\\.(0|[1-9][0-9]*))$', description: `${description} \`latest\` or a Kubernetes minor version such as \`v1.33\`.` });

/** Cluster-wide settings, validated like component values. */
/** Cluster options validated on their own, with the validators shared with components (validate.ts, `validateInParts`). */
export const CLUSTER_PARTS = { helmRelease: ReleaseOptionsSchema, kustomization: KustomizationOptionsSchema } as const;

export const ClusterOptionsSchema = strict(Type.Object({
  name: Name({ description: 'Cluster name: the `clusters/<name>` folder.' }),
  title: Type.Optional(Type.String({ description: 'Heading of the infrastructure README.' })),
  description: Type.Optional(Type.String({ description: 'A paragraph about the cluster for the README.' })),
  flux: withDefault(
    Type.Object({
      namespace: withDefault(Name({ description: 'Namespace of the Flux controllers and Kustomizations.' }), 'flux-system'),
      sourceRef: withDefault(
        Type.Object({
          kind: StringEnum(['GitRepository', 'OCIRepository', 'Bucket'], { description: 'Kind of the source.' }),
          name: Name({ description: 'Name of the source.' }),
        }),
        { kind: 'GitRepository', name: 'flux-system' },
      ),
      interval: withDefault(Duration({ description: 'Reconcile interval of each Flux Kustomization.' }), '1h'),
      sourceInterval: Type.Optional(
        Duration({ description: 'How often the chart and Git sources (HelmRepository, OCIRepository, GitRepository) are checked. Default: `interval`.' }),
      ),
      retryInterval: withDefault(Duration({ description: 'Retry interval after a failed reconcile.' }), '2m'),
      timeout: withDefault(Duration({ description: 'Timeout of apply and health checks.' }), '5m'),
    }),
    {},
  ),
  chartSource: withDefault(
    StringEnum(['oci', 'helm'], {
      description: 'Preferred chart source when a chart is published both ways: `oci` (OCIRepository) or `helm` (HelmRepository).',
    }),
    'oci',
  ),
  sources: withDefault(
    StringEnum(['per-component', 'shared'], {
      description:
        'Where chart sources live: `per-component` (a HelmRepository or OCIRepository beside each HelmRelease) or `shared` (one per repository URL in the Flux namespace, in a `sources` unit every release depends on).',
    }),
    'per-component',
  ),
  podSecurityVersion: Type.Optional(
    PodSecurityVersion('Pod Security Standards version every namespace fluxgen declares is enforced at (`pod-security.kubernetes.io/enforce-version`):'),
  ),
  helmRelease: Type.Optional(ReleaseOptionsSchema),
  kustomization: Type.Optional(KustomizationOptionsSchema),
  objects: Type.Optional(
    Type.Array(ExtraObjectSchema, {
      description:
        'Objects that belong to no component, applied by a cluster-level unit (`cluster-objects`) once the components they need are ready: the CRDs of their API group, their namespace. Checked like generated objects.',
    }),
  ),
  crds: Type.Optional(
    Type.Array(
      Type.Object({
        group: DnsSubdomain({ description: 'API group of the custom resources, e.g. `example.com`.' }),
        from: Type.Optional(
          Name({ description: 'The component instance (its `name`) whose chart installs these CRDs. Omit when they are installed outside this tree.' }),
        ),
        clusterScoped: Type.Optional(
          Type.Array(Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$' }), {
            uniqueItems: true,
            description: 'Kinds of the group that are cluster-scoped (they get no namespace).',
          }),
        ),
      }),
      {
        description:
          'Where the CRDs of API groups fluxgen does not know come from, so that objects of those groups are accepted and ordered after them.',
      },
    ),
  ),
  // The list itself is checked entry by entry (model.ts); here it only has to be a known key.
  components: Type.Optional(Type.Unsafe<readonly ComponentInstance[]>(Type.Array(Type.Unknown(), { description: 'The components.' }))),
  // --- docs (issue 13): prose fluxgen cannot derive, as README sections ---
  docs: withDefault(
    Type.Array(
      Type.Object({
        title: Type.String({ pattern: '^[^\\n]*\\S[^\\n]*$', maxLength: 80, description: 'Heading of the section (one line).' }),
        body: Type.String({ pattern: '\\S', description: 'Markdown text of the section.' }),
        topic: Type.Optional(
          StringEnum(TOPICS, { description: 'Put the text inside this topic section of the README instead of a section of its own.' }),
        ),
      }),
      { description: 'Sections of prose for the infrastructure README that fluxgen cannot derive (runbooks, contacts, decisions).' },
    ),
    [],
  ),
  readme: withDefault(
    StringEnum(['map', 'handbook'], {
      description:
        'Layout of the infrastructure README: `map` (a short map: triage, tables and topic facts; each component\'s README holds the detail) or `handbook` (also every component in its topic section with its location, key features and configuration, the update flow, common issues and diagnostic commands).',
    }),
    'map',
  ),
  // --- end docs ---
  external: withDefault(
    Type.Array(Type.String({ description: 'A capability, `<kind>:<name>`.' }), {
      uniqueItems: true,
      description:
        'Capabilities the cluster has from outside this tree (e.g. `crd:monitoring.coreos.com` applied at bootstrap, `secret:kube-system/smb-credentials` created by hand, `configmap:<namespace>/<name>`). Needs they satisfy create no dependency.',
    }),
    [],
  ),
}));

/** What `clusters/<name>/cluster.ts` passes to {@link defineCluster}. */
export type ClusterOptions = Static<typeof ClusterOptionsSchema> & {
  /** The components, in the order they appear in READMEs. */
  readonly components: readonly ComponentInstance[];
  /** Secret backends that are not components (e.g. encrypted files that Flux decrypts). @default none */
  readonly secretBackends?: readonly SecretBackend[];
};

/** A cluster definition: the default export of `clusters/<name>/cluster.ts`. */
export interface ClusterDefinition {
  readonly kind: 'fluxgen.cluster';
  readonly options: ClusterOptions;
}

/**
 * Declares a cluster. Nothing is validated or rendered here: `fluxgen generate` does both, and
 * reports every problem of every component at once.
 */
export function defineCluster(options: ClusterOptions): ClusterDefinition {
  return { kind: 'fluxgen.cluster', options };
}

/** Whether a module's default export is a cluster definition. */
export function isClusterDefinition(value: unknown): value is ClusterDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'fluxgen.cluster';
}
