/**
 * OpenEBS: node-local persistent volumes (Local PV hostpath) by default; the ZFS and LVM local
 * engines and replicated storage (Mayastor) on request.
 */
import {
  AbsolutePath,
  defineComponent,
  DIAGRAM,
  storageClassNode,
  DnsSubdomain,
  StringEnum,
  Type,
  withDefault,
  type ComponentFactory,
  type ComponentInput,
  type ComponentSpec,
  type Resolved,
} from '@fluxgen/core';

/** The pinned chart version. */
// renovate: datasource=helm depName=openebs registryUrl=https://openebs.github.io/openebs
export const OPENEBS_VERSION = '4.2.0';

/**
 * The first chart version with the `loki`, `alloy` and `minio` subcharts (support bundles), which
 * are on unless switched off (openebs/openebs#3911, #3981). Older charts do not have the keys.
 */
export const SUPPORT_BUNDLE_SUBCHARTS_SINCE = '4.3.0';

/** The typed values of the OpenEBS component. */
export const OpenebsValuesSchema = Type.Object({
  hostpath: withDefault(
    Type.Object({
      storageClassName: withDefault(DnsSubdomain({ description: 'Name of the hostpath StorageClass the chart makes.' }), 'openebs-hostpath'),
      basePath: withDefault(
        AbsolutePath({
          description: 'Host directory that holds the volumes. On Talos it must be under `/var` and bind-mounted into kubelet (`machine.kubelet.extraMounts`).',
        }),
        '/var/openebs/local',
      ),
      defaultClass: withDefault(Type.Boolean({ description: 'Make it the cluster\'s default StorageClass (one component at most).' }), false),
      reclaimPolicy: withDefault(StringEnum(['Delete', 'Retain'], { description: 'What happens to a volume\'s directory when its claim is deleted.' }), 'Delete'),
    }),
    {},
  ),
  zfs: withDefault(Type.Boolean({ description: 'ZFS Local PV engine (needs ZFS pools on the nodes).' }), false),
  lvm: withDefault(Type.Boolean({ description: 'LVM Local PV engine (needs LVM volume groups on the nodes).' }), false),
  replicated: withDefault(
    Type.Boolean({ description: 'Replicated storage (Mayastor): needs hugepages, the `nvme_tcp` module, dedicated disks and io-engine node labels.' }),
    false,
  ),
  volumeSnapshotCRDs: withDefault(
    Type.Boolean({ description: 'Install (and keep on uninstall) the VolumeSnapshot CRDs from the chart. Leave off when a snapshot controller component owns them.' }),
    false,
  ),
  imageRegistry: withDefault(
    Type.String({ minLength: 1, description: 'Registry of the provisioner and helper images, with the trailing `/` the chart concatenates (`quay.io/`).' }),
    'quay.io/',
  ),
});
type OpenebsValues = Resolved<typeof OpenebsValuesSchema>;

/** Whether chart version `a` is at least `b` (both `major.minor.patch`). */
function atLeast(a: string, b: string): boolean {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10));
  const pb = b.split('.').map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The chart values for a chart version: the support-bundle subcharts are switched off where the chart has them. */
export function openebsValues(v: OpenebsValues, chartVersion: string): Record<string, unknown> {
  return {
    engines: {
      local: { lvm: { enabled: v.lvm }, zfs: { enabled: v.zfs } },
      replicated: { mayastor: { enabled: v.replicated } },
    },
    'openebs-crds': { csi: { volumeSnapshots: { enabled: v.volumeSnapshotCRDs, keep: v.volumeSnapshotCRDs } } },
    'localpv-provisioner': {
      analytics: { enabled: false },
      localpv: { image: { registry: v.imageRegistry }, basePath: v.hostpath.basePath },
      helperPod: { image: { registry: v.imageRegistry } },
      hostpathClass: {
        enabled: true,
        name: v.hostpath.storageClassName,
        isDefaultClass: v.hostpath.defaultClass,
        basePath: v.hostpath.basePath,
        reclaimPolicy: v.hostpath.reclaimPolicy,
      },
    },
    ...(atLeast(chartVersion, SUPPORT_BUNDLE_SUBCHARTS_SINCE)
      ? { loki: { enabled: false }, alloy: { enabled: false }, minio: { enabled: false }, preUpgradeHook: { enabled: false } }
      : {}),
  };
}

const WHY = "a localpv-provisioner subchart key (the umbrella's template-keys.txt lists its own templates only)";

const spec: ComponentSpec<typeof OpenebsValuesSchema> = {
  name: 'openebs',
  title: 'OpenEBS',
  summary: 'Node-local persistent volumes (Local PV hostpath), with optional ZFS, LVM and replicated engines',
  category: 'storage',
  namespace: 'openebs-system',
  podSecurity: 'privileged',
  chart: { name: 'openebs', version: OPENEBS_VERSION, repository: 'https://openebs.github.io/openebs', oci: 'oci://ghcr.io/openebs/charts/openebs' },
  chartData: new URL('../chart/', import.meta.url),
  // Subchart values: the umbrella's values.yaml declares only `localpv-provisioner.rbac`; these are
  // keys of the localpv-provisioner chart 4.2.0 (dynamic-localpv-provisioner deploy/helm/charts/values.yaml).
  chartContract: { unseen: [{ path: 'localpv-provisioner.analytics', why: WHY }, { path: 'localpv-provisioner.localpv', why: WHY }, { path: 'localpv-provisioner.helperPod', why: WHY }, { path: 'localpv-provisioner.hostpathClass', why: WHY }] },
  docs: [
    { title: 'Installation', url: 'https://openebs.io/docs/quickstart-guide/installation' },
    { title: 'Local PV hostpath', url: 'https://openebs.io/docs/user-guides/local-storage-user-guide/local-pv-hostpath/hostpath-installation' },
    { title: 'Charts', url: 'https://github.com/openebs/openebs/tree/main/charts' },
    { title: 'Talos local storage', url: 'https://www.talos.dev/latest/kubernetes-guides/configuration/local-storage/' },
  ],
  values: OpenebsValuesSchema,
  helmValues: (v) => openebsValues(v, OPENEBS_VERSION),
  provides: (v) => ({
    'storage-class': [v.hostpath.storageClassName],
    crd: [
      ...(v.volumeSnapshotCRDs ? ['snapshot.storage.k8s.io'] : []),
      ...(v.zfs ? ['zfs.openebs.io'] : []),
      ...(v.lvm ? ['local.openebs.io'] : []),
      ...(v.replicated ? ['openebs.io'] : []),
    ],
  }),
  facts: (v) =>
    v.hostpath.defaultClass ? [{ kind: 'default-storage-class' as const, name: v.hostpath.storageClassName, path: 'hostpath.defaultClass' }] : [],
  check: (v) =>
    v.imageRegistry.endsWith('/')
      ? []
      : [
          {
            path: 'imageRegistry',
            message: 'must end with "/": the chart writes the registry and the repository side by side',
            got: v.imageRegistry,
            hint: `write "${v.imageRegistry}/"`,
          },
        ],
  features: (v) => [
    `StorageClass \`${v.hostpath.storageClassName}\`${v.hostpath.defaultClass ? ' (cluster default)' : ''}: Local PV hostpath under \`${v.hostpath.basePath}\`, reclaim policy ${v.hostpath.reclaimPolicy}, bound when the first pod is scheduled (node-local, not replicated)`,
    ...(v.zfs ? ['ZFS Local PV engine'] : []),
    ...(v.lvm ? ['LVM Local PV engine'] : []),
    ...(v.replicated ? ['Replicated storage (Mayastor)'] : []),
    v.volumeSnapshotCRDs ? 'VolumeSnapshot CRDs from the chart (kept on uninstall)' : 'No VolumeSnapshot CRDs: snapshots need a snapshot controller component',
    `Images from \`${v.imageRegistry}\`; usage analytics off`,
    `Chart ${OPENEBS_VERSION} has no Loki, Alloy or MinIO subcharts; from ${SUPPORT_BUNDLE_SUBCHARTS_SINCE} fluxgen switches them off`,
  ],
  security: (v) => [
    'Privileged: the provisioner and its helper pods create and delete directories on the host',
    `A volume is a directory under \`${v.hostpath.basePath}\`: no size limit, no encryption, readable by anything with host access`,
    ...(v.replicated ? ['Mayastor io-engine and CSI node pods run privileged with hugepages and host devices'] : []),
  ],
  readme: (v, ctx) => ({
    health: [{ command: `kubectl get storageclass ${v.hostpath.storageClassName}`, expect: `provisioner openebs.io/local${v.hostpath.defaultClass ? ', marked (default)' : ''}` }],
    symptoms: [{ symptom: `A PVC of StorageClass \`${v.hostpath.storageClassName}\` stays Pending after its pod is scheduled`, check: 'the localpv-provisioner logs and its init-pvc helper pod on that node' }],
    topics: [
      {
        topic: 'storage',
        section: 'Storage Classes',
        facts: [
          `StorageClass \`${v.hostpath.storageClassName}\`${v.hostpath.defaultClass ? ' (cluster default)' : ''}: Local PV hostpath under \`${v.hostpath.basePath}\`, node-local and not replicated (reclaim ${v.hostpath.reclaimPolicy})`,
          ...(v.zfs ? ['ZFS Local PV engine'] : []),
          ...(v.lvm ? ['LVM Local PV engine'] : []),
          ...(v.replicated ? ['Replicated storage (Mayastor): volumes copied across nodes'] : []),
        ],
      },
      {
        topic: 'storage',
        section: 'Volume Snapshots',
        facts: [v.volumeSnapshotCRDs ? 'VolumeSnapshot CRDs installed by OpenEBS (kept on uninstall)' : 'No VolumeSnapshot CRDs: snapshots need a snapshot controller component'],
      },
      {
        topic: 'maintenance',
        section: 'Backup and Recovery',
        facts: [`Local PV hostpath volumes live on one node's disk under \`${v.hostpath.basePath}\`: back up their data at the application level; losing the node loses them`],
      },
    ],
    diagrams: [
      {
        id: DIAGRAM.storage,
        title: 'Where volumes live',
        topic: 'storage',
        nodes: [
          { id: storageClassNode(v.hostpath.storageClassName), label: `StorageClass ${v.hostpath.storageClassName}${v.hostpath.defaultClass ? ' (default)' : ''}` },
          { id: `${ctx.name}-hostpath`, label: `Node disk\n${v.hostpath.basePath}` },
        ],
        edges: [{ from: storageClassNode(v.hostpath.storageClassName), to: `${ctx.name}-hostpath`, kind: 'data' }],
        legend: { data: 'where the data is stored' },
      },
    ],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'Provisioner',
      commands: [
        `kubectl -n ${ctx.namespace} get deploy,pods`,
        `kubectl -n ${ctx.namespace} logs deploy/openebs-localpv-provisioner | grep -i -E 'error|failed'`,
        `kubectl get storageclass ${v.hostpath.storageClassName} -o yaml`,
      ],
    },
    {
      title: 'A claim stays Pending',
      commands: [
        '# WaitForFirstConsumer: normal until a pod uses the claim',
        `kubectl -n ${ctx.namespace} get pods | grep -E '^init-pvc-|^cleanup-pvc-'`,
        `kubectl -n ${ctx.namespace} get events --sort-by=.lastTimestamp | tail -20`,
      ],
    },
    {
      title: 'Talos: data vanishes after a kubelet restart',
      commands: [`# add a kubelet extraMount for ${v.hostpath.basePath} (bind, rshared, rw) to the machine config`],
    },
  ],
};

/**
 * The component. Each instance maps its values for the chart version it pins (the `version`
 * override or {@link OPENEBS_VERSION}), because the keys that switch off the support-bundle
 * subcharts exist only from {@link SUPPORT_BUNDLE_SUBCHARTS_SINCE}.
 */
export const openebs: ComponentFactory<typeof OpenebsValuesSchema> = perVersion(spec);

function perVersion(s: ComponentSpec<typeof OpenebsValuesSchema>): ComponentFactory<typeof OpenebsValuesSchema> {
  const plain = defineComponent(s);
  const factory = (input?: ComponentInput<typeof OpenebsValuesSchema>) => {
    const override = (input as { version?: unknown } | undefined)?.version;
    const version = typeof override === 'string' ? override : OPENEBS_VERSION;
    return defineComponent({ ...s, helmValues: (v) => openebsValues(v, version) })(input);
  };
  return Object.assign(factory, { spec: plain.spec });
}
