/**
 * A cluster: the components it runs and the policy set once for all of them.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ComponentInstance } from './component.js';
import { TOPICS } from './docs.js';
import { KustomizationOptionsSchema, ReleaseOptionsSchema } from './flux/options.js';
import type { SecretBackend } from './secrets.js';
import { strict, StringEnum, withDefault } from './schema.js';
import { Duration, Name } from './shapes/scalars.js';

/** Cluster-wide settings, validated like component values. */
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
  helmRelease: Type.Optional(ReleaseOptionsSchema),
  kustomization: Type.Optional(KustomizationOptionsSchema),
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
