/**
 * csi-driver-smb: SMB/CIFS shares (a NAS, a Samba server, Azure Files) as PersistentVolumes, and
 * the StorageClasses that provision them.
 *
 * The StorageClasses are emitted by fluxgen as objects of their own, not through the chart's
 * undeclared `storageClasses` value: they sit in git next to the credentials they name, Flux prunes
 * the ones removed here, and because a StorageClass's `parameters`, `reclaimPolicy` and
 * `volumeBindingMode` are immutable, each carries Flux's per-object force annotation so a changed
 * share is applied by recreating the class (bound volumes keep what they were provisioned with)
 * instead of failing every reconcile, as a Helm upgrade would.
 */
import {
  storageClassNode,
  AbsolutePath,
  defineComponent,
  MountOption,
  DIAGRAM,
  Name,
  secretSource,
  secretName,
  StringEnum,
  Type,
  withDefault,
  type KubeObject,
  type Resolved,
  type SecretUse,
  type Static,
  type ValueProblem,
  UncPath,
} from '@fluxgen/core';

/** The CSI driver name the chart registers (`driver.name`), the StorageClasses' provisioner. */
const DRIVER = 'smb.csi.k8s.io';

/** The keys the driver reads from the credentials Secret (`domain` is optional). */
const CREDENTIAL_KEYS = ['username', 'password'] as const;

/** Mount options of the chart's own StorageClass example (values.yaml, `storageClasses`). */
const DEFAULT_MOUNT_OPTIONS = ['dir_mode=0777', 'file_mode=0777', 'noperm', 'mfsymlinks', 'cache=strict', 'noserverino'];

const Toleration = Type.Object(
  {
    key: Type.Optional(Type.String({ minLength: 1, description: 'Taint key. Leave out with `Exists` to tolerate every taint.' })),
    operator: Type.Optional(StringEnum(['Exists', 'Equal'], { description: 'How the key matches (Kubernetes default: `Equal`).' })),
    value: Type.Optional(Type.String({ description: 'Taint value, with `Equal`.' })),
    effect: Type.Optional(
      StringEnum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { description: 'Taint effect to tolerate. Leave out for all.' }),
    ),
    tolerationSeconds: Type.Optional(Type.Integer({ minimum: 0, description: 'With `NoExecute`: how long the pod stays after the taint appears.' })),
  },
  { description: 'A Kubernetes toleration.' },
);

const SmbStorageClass = Type.Object({
  name: Name({ description: 'StorageClass name, what PersistentVolumeClaims put in `storageClassName`.' }),
  source: UncPath({
    description: 'The share, `//server/share` (parameter `source`), e.g. `//nas.home.arpa/kubernetes`.',
  }),
  credentials: secretSource({
    description:
      'Secret with the SMB login, keys `username` and `password` (and optionally `domain`), in the component\'s namespace: `{ existingSecret: name }` or `{ onePassword: { item: "vaults/<vault>/items/<item>" } }`. 1Password Secrets default to `<name>-credentials`.',
  }),
  shared: withDefault(
    Type.Boolean({
      description:
        'Every volume mounts `source` itself (for a share that already holds data, like a media library). Off: each volume gets its own directory under `source`, which the controller creates and removes with the provisioner secret.',
    }),
    false,
  ),
  subDir: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Directory of each volume under `source` (parameter `subDir`) instead of the PV name; may use `${pvc.metadata.namespace}`, `${pvc.metadata.name}` and `${pv.metadata.name}`. Not with `shared`.',
    }),
  ),
  onDelete: Type.Optional(
    StringEnum(['delete', 'retain', 'archive'], {
      description:
        'What happens to a volume\'s directory when the volume is deleted (parameter `onDelete`; driver default `delete`). `archive` renames it to `archived-<dir>`. Not with `shared`.',
    }),
  ),
  mountOptions: withDefault(
    Type.Array(
      // Credentials belong in the Secret: a `password=` mount option would put them in git.
      MountOption({ description: 'One `mount.cifs` option.' }),
      {
        description:
          'cifs mount options (`mountOptions`), e.g. `uid=1000`, `gid=1000`, `vers=3.1.1`. Never credentials: those come from `credentials`. `noserverino` prevents inode number clashes that corrupt data.',
      },
    ),
    DEFAULT_MOUNT_OPTIONS,
  ),
  reclaimPolicy: withDefault(
    StringEnum(['Delete', 'Retain'], {
      description: 'What happens to a released PersistentVolume (`reclaimPolicy`). `Delete` also removes its directory unless `onDelete` says otherwise.',
    }),
    'Delete',
  ),
  volumeBindingMode: withDefault(
    StringEnum(['Immediate', 'WaitForFirstConsumer'], { description: 'When volumes are provisioned (`volumeBindingMode`).' }),
    'Immediate',
  ),
  allowVolumeExpansion: withDefault(
    Type.Boolean({ description: 'Let PersistentVolumeClaims grow (`allowVolumeExpansion`; SMB has no quota, so it only changes the recorded size).' }),
    true,
  ),
  defaultClass: withDefault(
    Type.Boolean({ description: 'Make it the cluster\'s default StorageClass (`storageclass.kubernetes.io/is-default-class`).' }),
    false,
  ),
});
type SmbStorageClass = Resolved<typeof SmbStorageClass>;

/** The typed values of the csi-driver-smb component. */
export const CsiDriverSmbValuesSchema = Type.Object({
  controller: withDefault(
    Type.Object({
      replicas: withDefault(Type.Integer({ minimum: 1, description: 'Controller replicas (`controller.replicas`); they elect a leader.' }), 1),
      runOnControlPlane: withDefault(
        Type.Boolean({ description: 'Schedule the controller on control-plane nodes only (`controller.runOnControlPlane`).' }),
        false,
      ),
      tolerations: Type.Optional(
        Type.Array(Toleration, {
          description:
            'Controller tolerations (`controller.tolerations`), replacing the chart\'s, which already tolerate the control-plane, master and CriticalAddonsOnly taints.',
        }),
      ),
    }),
    {},
  ),
  node: withDefault(
    Type.Object({
      kubeletDir: withDefault(
        AbsolutePath({
          description:
            'The kubelet root directory on the nodes (`linux.kubelet`): `/var/lib/k0s/kubelet` on k0s, `/var/snap/microk8s/common/var/lib/kubelet` on MicroK8s.',
        }),
        '/var/lib/kubelet',
      ),
      tolerations: Type.Optional(
        Type.Array(Toleration, {
          description: 'Node plugin tolerations (`linux.tolerations`), replacing the chart\'s, which tolerate every taint.',
        }),
      ),
    }),
    {},
  ),
  windows: withDefault(
    Type.Boolean({ description: 'Also run the node plugin on Windows nodes (`windows.enabled`, on in the chart).' }),
    false,
  ),
  storageClasses: withDefault(
    Type.Array(SmbStorageClass, {
      uniqueBy: 'name',
      description: 'StorageClasses provisioning volumes on SMB shares, each with its credentials Secret. Empty: static PersistentVolumes only.',
    }),
    [],
  ),
});
export type CsiDriverSmbValues = Static<typeof CsiDriverSmbValuesSchema>;
type Values = Resolved<typeof CsiDriverSmbValuesSchema>;

/** A `storage.k8s.io/v1` StorageClass, as far as this component writes one (kubernetes-types `StorageClass`). */
interface StorageClass extends KubeObject {
  readonly apiVersion: 'storage.k8s.io/v1';
  readonly kind: 'StorageClass';
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly reclaimPolicy: 'Delete' | 'Retain';
  readonly volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  readonly allowVolumeExpansion: boolean;
  readonly mountOptions?: readonly string[];
}

/**
 * The csi-driver-smb component: `csiDriverSmb({ storageClasses: [{ name, source, credentials }] })`.
 * Each StorageClass provides `storage-class:<name>`; its credentials Secret lives in the component's
 * namespace, which the class's secret parameters name.
 */
export const csiDriverSmb = defineComponent({
  name: 'csi-driver-smb',
  title: 'CSI Driver SMB',
  summary: 'SMB/CIFS shares as PersistentVolumes, with StorageClasses for a NAS',
  category: 'storage',
  namespace: 'kube-system',
  // The node plugin is privileged, on the host network, with the kubelet directory mounted.
  podSecurity: 'privileged',
  chart: {
    name: 'csi-driver-smb',
    // renovate: datasource=helm depName=csi-driver-smb registryUrl=https://raw.githubusercontent.com/kubernetes-csi/csi-driver-smb/master/charts
    version: '1.20.3',
    repository: 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-smb/master/charts',
  },
  docs: [
    { title: 'csi-driver-smb', url: 'https://github.com/kubernetes-csi/csi-driver-smb' },
    { title: 'Driver parameters', url: 'https://github.com/kubernetes-csi/csi-driver-smb/blob/master/docs/driver-parameters.md' },
    { title: 'Helm chart', url: 'https://github.com/kubernetes-csi/csi-driver-smb/tree/master/charts' },
    { title: 'Storage classes', url: 'https://kubernetes.io/docs/concepts/storage/storage-classes/' },
  ],
  values: CsiDriverSmbValuesSchema,
  helmValues: (v) => ({
    controller: {
      replicas: v.controller.replicas,
      runOnControlPlane: v.controller.runOnControlPlane,
      ...(v.controller.tolerations ? { tolerations: [...v.controller.tolerations] } : {}),
    },
    linux: {
      kubelet: v.node.kubeletDir,
      ...(v.node.tolerations ? { tolerations: [...v.node.tolerations] } : {}),
    },
    windows: { enabled: v.windows },
  }),
  check: (v) => crossClassProblems(v),
  secrets: (v) => credentialUses(v),
  objects: (v, ctx) => v.storageClasses.map((sc) => storageClass(sc, ctx.namespace)),
  facts: (v) =>
    v.storageClasses.flatMap((sc, i) =>
      sc.defaultClass ? [{ kind: 'default-storage-class' as const, name: sc.name, path: `storageClasses[${i}].defaultClass` }] : [],
    ),
  security: (v) => [
    'The node plugin runs privileged (it mounts shares on the host)',
    ...(v.storageClasses.length > 0
      ? ['SMB logins live in Secrets in this namespace (see Secrets): whoever may read Secrets there may log in to the NAS']
      : []),
  ],
  features: (v) => [
    `Controller: ${v.controller.replicas} replica${v.controller.replicas > 1 ? 's' : ''}${v.controller.runOnControlPlane ? ' on control-plane nodes' : ''}`,
    `Node plugin on Linux${v.windows ? ' and Windows' : ''} nodes, kubelet at \`${v.node.kubeletDir}\``,
    ...(v.storageClasses.length > 0
      ? v.storageClasses.map(describeClass)
      : ['No StorageClass: SMB volumes are static PersistentVolumes only']),
  ],
  readme: (v, ctx) => ({
    health: [
      { command: `kubectl get csidriver ${DRIVER}`, expect: 'listed' },
      { command: `kubectl get csinode -o 'custom-columns=NODE:.metadata.name,DRIVERS:.spec.drivers[*].name'`, expect: `\`${DRIVER}\` on every Linux node` },
    ],
    symptoms: v.storageClasses.length > 0
      ? [
          { symptom: `A PVC of StorageClass ${v.storageClasses.map((sc) => `\`${sc.name}\``).join(', ')} stays Pending`, check: 'ProvisioningFailed events, then the controller log (NAS reachable, login right)' },
          { symptom: 'A pod with an SMB volume stays ContainerCreating', check: 'FailedMount events, then the node plugin log on that node' },
        ]
      : [],
    topics: [{ topic: 'storage', facts: v.storageClasses.map(describeClass) }],
    diagrams:
      v.storageClasses.length > 0
        ? [
            {
              id: DIAGRAM.storage,
              title: 'Where volumes live',
              topic: 'storage',
              nodes: v.storageClasses.flatMap((sc) => [
                { id: storageClassNode(sc.name), label: `StorageClass ${sc.name}${sc.defaultClass ? ' (default)' : ''}` },
                { id: `smb:${sc.source}`, label: `SMB share\n${sc.source}` },
              ]),
              edges: v.storageClasses.map((sc) => ({ from: storageClassNode(sc.name), to: `smb:${sc.source}`, kind: 'data' })),
              legend: { data: 'where the data is stored' },
            },
          ]
        : [],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Driver and StorageClasses',
      commands: [
        `kubectl get csidriver ${DRIVER}`,
        ...(v.storageClasses.length > 0 ? [`kubectl get storageclass ${v.storageClasses.map((sc) => sc.name).join(' ')}`] : []),
      ],
    },
    {
      title: 'Provisioning and mount errors',
      commands: [
        `kubectl -n ${ctx.namespace} logs deploy/csi-smb-controller -c smb --tail=100`,
        `kubectl -n ${ctx.namespace} logs ds/csi-smb-node -c smb --tail=100`,
        'kubectl get events -A --field-selector reason=ProvisioningFailed',
        'kubectl get events -A --field-selector reason=FailedMount',
      ],
    },
    ...(v.storageClasses.length > 0
      ? [
          {
            title: 'Credentials (keys and sizes only, never the values)',
            commands: [
              ...new Set(v.storageClasses.map((sc) => `kubectl -n ${ctx.namespace} describe secret ${credentialsName(sc)}`)),
            ],
          },
        ]
      : []),
  ],
  chartData: new URL('../chart/', import.meta.url),
});

function credentialsName(sc: SmbStorageClass): string {
  return secretName(sc.credentials, `${sc.name}-credentials`);
}

function storageClass(sc: SmbStorageClass, namespace: string): StorageClass {
  const secret = credentialsName(sc);
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: sc.name,
      annotations: {
        ...(sc.defaultClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {}),
        // parameters, reclaimPolicy and volumeBindingMode cannot be updated: let Flux recreate the
        // class when they change (https://github.com/fluxcd/kustomize-controller/pull/787).
        'kustomize.toolkit.fluxcd.io/force': 'enabled',
        // `${pvc.metadata.name}` is for the driver, not for Flux's post-build substitution
        // (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution).
        ...(sc.subDir?.includes('${') ? { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } : {}),
      },
    },
    provisioner: DRIVER,
    // https://github.com/kubernetes-csi/csi-driver-smb/blob/master/docs/driver-parameters.md
    parameters: {
      source: sc.source,
      ...(sc.subDir ? { subDir: sc.subDir } : {}),
      ...(sc.onDelete ? { onDelete: sc.onDelete } : {}),
      // With a provisioner secret the controller mounts the share to create (and delete) a
      // directory per volume; without one every volume is the share itself.
      ...(sc.shared
        ? {}
        : {
            'csi.storage.k8s.io/provisioner-secret-name': secret,
            'csi.storage.k8s.io/provisioner-secret-namespace': namespace,
          }),
      'csi.storage.k8s.io/node-stage-secret-name': secret,
      'csi.storage.k8s.io/node-stage-secret-namespace': namespace,
    },
    reclaimPolicy: sc.reclaimPolicy,
    volumeBindingMode: sc.volumeBindingMode,
    allowVolumeExpansion: sc.allowVolumeExpansion,
    ...(sc.mountOptions.length > 0 ? { mountOptions: [...sc.mountOptions] } : {}),
  };
}

/** One Secret per distinct name: classes on the same NAS login share it. */
function credentialUses(v: Values): SecretUse[] {
  const byName = new Map<string, { source: SmbStorageClass['credentials']; defaultName: string; classes: string[] }>();
  for (const sc of v.storageClasses) {
    const name = credentialsName(sc);
    const entry = byName.get(name);
    if (entry) entry.classes.push(sc.name);
    else byName.set(name, { source: sc.credentials, defaultName: `${sc.name}-credentials`, classes: [sc.name] });
  }
  return [...byName.values()].map(({ source, defaultName, classes }) => ({
    source,
    defaultName,
    keys: CREDENTIAL_KEYS,
    purpose: `SMB login of StorageClass ${classes.map((c) => `\`${c}\``).join(', ')}; \`domain\` is optional`,
  }));
}

function describeClass(sc: SmbStorageClass): string {
  const layout = sc.shared
    ? 'every volume mounts the share itself'
    : `a directory per volume${sc.subDir ? ` (\`${sc.subDir}\`)` : ''}${sc.onDelete ? `, on delete: ${sc.onDelete}` : ''}`;
  return `StorageClass \`${sc.name}\`${sc.defaultClass ? ' (default)' : ''}: \`${sc.source}\`, ${layout}, reclaim ${sc.reclaimPolicy}, binding ${sc.volumeBindingMode}`;
}

/** Rules across StorageClasses that the schema and the shapes cannot express: one source per Secret, no directory options on shared classes. */
function crossClassProblems(v: Values): ValueProblem[] {
  const at = (i: number, field: string) => `storageClasses[${i}].${field}`;
  const problems: ValueProblem[] = [];
  const secrets = new Map<string, number>();
  v.storageClasses.forEach((sc, i) => {
    for (const field of ['subDir', 'onDelete'] as const) {
      if (sc.shared && sc[field] !== undefined) {
        problems.push({
          path: at(i, field),
          message: 'has no effect on a `shared` StorageClass, whose volumes are the share itself',
          hint: `remove ${field}, or set shared: false`,
        });
      }
    }

    const secret = credentialsName(sc);
    const first = secrets.get(secret);
    if (first === undefined) secrets.set(secret, i);
    else if (origin(v.storageClasses[first]!.credentials) !== origin(sc.credentials)) {
      problems.push({
        path: at(i, 'credentials'),
        message: `names Secret \`${secret}\`, which storageClasses[${first}] fills from another source`,
        hint: 'use the same source for both, or another secret name',
      });
    }
  });
  return problems;
}

/** Where a Secret's content comes from: two classes naming one Secret must agree on it. */
function origin(source: SmbStorageClass['credentials']): string {
  if ('existingSecret' in source) return 'existing Secret';
  // A backend reference without the name it gives the Secret: two classes may name it differently.
  const [key, ref] = Object.entries(source)[0]!;
  const { secretName: _name, ...rest } = (ref ?? {}) as Record<string, unknown>;
  return `${key} ${JSON.stringify(rest)}`;
}
