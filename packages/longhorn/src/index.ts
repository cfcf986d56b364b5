/**
 * Longhorn: replicated block storage on the nodes' disks, with snapshots, backups to NFS, SMB/CIFS
 * or S3, and recurring snapshot/backup jobs.
 */
import {
  storageClassNode,
  AbsolutePath,
  Cron,
  defineComponent,
  Monitoring,
  Name,
  Route,
  routeParentRefs,
  DIAGRAM,
  gatewayNode,
  scrapedBy,
  SecretSource,
  secretName,
  StringEnum,
  Type,
  Url,
  withDefault,
  type KubeObject,
  type Resolved,
  type SecretUse,
  type Static,
  type ValueProblem,
} from '@fluxgen/core';

/** Secret keys Longhorn reads from the backup target's credential Secret, per URL scheme (set-backup-target docs). */
const BACKUP_CREDENTIAL_KEYS = {
  cifs: ['CIFS_USERNAME', 'CIFS_PASSWORD'],
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINTS'],
  nfs: [],
} as const satisfies Record<string, readonly string[]>;
type BackupScheme = keyof typeof BACKUP_CREDENTIAL_KEYS;

/** Recurring job tasks that write to the backup target. */
const BACKUP_TASKS = new Set(['backup', 'backup-force-create', 'system-backup']);

/** Default name of the backup target's credential Secret when a 1Password item does not fix one. */
const BACKUP_SECRET = 'longhorn-backup-credentials';

const DataLocality = StringEnum(['disabled', 'best-effort', 'strict-local'], {
  description:
    'Whether a replica is kept on the node that uses the volume: `disabled`, `best-effort`, or `strict-local` (exactly one local replica, so `replicas` must be 1).',
});

const RecurringJob = Type.Object({
  name: Name({ description: 'Name of the RecurringJob object.' }),
  task: StringEnum(
    [
      'snapshot',
      'snapshot-force-create',
      'snapshot-cleanup',
      'snapshot-delete',
      'backup',
      'backup-force-create',
      'filesystem-trim',
      'system-backup',
    ],
    { description: 'What the job does (`spec.task`). Backup tasks need `backup.target`.' },
  ),
  cron: Cron({
    description: 'Schedule as a five-field cron expression, e.g. `0 3 * * *` (`spec.cron`).',
  }),
  retain: Type.Integer({
    minimum: 0,
    description:
      'Snapshots or backups to keep per volume (`spec.retain`; 0 for `snapshot-cleanup` and `filesystem-trim`). At most the `recurringJobMaxRetention` setting (100 by default).',
  }),
  concurrency: withDefault(Type.Integer({ minimum: 1, description: 'Volumes processed at once (`spec.concurrency`).' }), 1),
  groups: withDefault(
    Type.Array(Name(), {
      uniqueItems: true,
      description:
        'Job groups (`spec.groups`). Volumes without job labels run the jobs of group `default`; others select jobs and groups by label.',
    }),
    ['default'],
  ),
  labels: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'Labels put on the snapshots and backups it creates (`spec.labels`).' }),
  ),
});

/** The typed values of the Longhorn component. */
export const LonghornValuesSchema = Type.Object({
  volumes: withDefault(
    Type.Object(
      {
        replicas: withDefault(
          Type.Integer({
            minimum: 1,
            maximum: 20,
            description:
              'Replicas of each volume: the `longhorn` StorageClass (`persistence.defaultClassReplicaCount`) and volumes made in the UI (`defaultSettings.defaultReplicaCount`). Use 2 on two storage nodes, 1 on a single node.',
          }),
          3,
        ),
        dataLocality: withDefault(DataLocality, 'disabled'),
      },
      {
        description: 'Defaults for new volumes (`persistence.defaultDataLocality`, `defaultSettings.defaultDataLocality`).',
        // Longhorn rejects strict-local volumes with more than one replica (longhorn-manager ValidateDataLocalityAndReplicaCount).
        if: { properties: { dataLocality: { const: 'strict-local' } }, required: ['dataLocality'] },
        // Checked before defaults are filled, so `replicas: 1` must be written out.
        then: { required: ['replicas'], properties: { replicas: { maximum: 1 } } },
      },
    ),
    {},
  ),
  storageClass: withDefault(
    Type.Object({
      isDefault: withDefault(
        Type.Boolean({ description: 'Make `longhorn` the cluster\'s default StorageClass (`persistence.defaultClass`).' }),
        true,
      ),
      reclaimPolicy: withDefault(
        StringEnum(['Delete', 'Retain'], { description: 'What happens to a volume when its claim is deleted (`persistence.reclaimPolicy`).' }),
        'Delete',
      ),
      fsType: withDefault(
        StringEnum(['ext4', 'xfs'], { description: 'Filesystem of new volumes (`persistence.defaultFsType`).' }),
        'ext4',
      ),
    }),
    {},
  ),
  dataPath: Type.Optional(
    AbsolutePath({
      description:
        'Host path of the default disk on each node (`defaultSettings.defaultDataPath`; Longhorn uses `/var/lib/longhorn/`), e.g. a Talos user volume under `/var/mnt/`.',
    }),
  ),
  settings: withDefault(
    Type.Object({
      createDefaultDiskLabeledNodes: withDefault(
        Type.Boolean({
          description:
            'Create the default disk only on nodes labelled `node.longhorn.io/create-default-disk=true` (`defaultSettings.createDefaultDiskLabeledNodes`).',
        }),
        false,
      ),
      replicaAutoBalance: withDefault(
        StringEnum(['disabled', 'least-effort', 'best-effort'], {
          description: 'Rebalance replicas when a node becomes available (`defaultSettings.replicaAutoBalance`).',
        }),
        'disabled',
      ),
      nodeDownPodDeletionPolicy: withDefault(
        StringEnum(
          ['do-nothing', 'delete-statefulset-pod', 'delete-deployment-pod', 'delete-both-statefulset-and-deployment-pod'],
          {
            description:
              'Delete the pods of a node that is down so their volumes can attach elsewhere (`defaultSettings.nodeDownPodDeletionPolicy`).',
          },
        ),
        'do-nothing',
      ),
      nodeDrainPolicy: withDefault(
        StringEnum(
          [
            'block-for-eviction',
            'block-for-eviction-if-contains-last-replica',
            'block-if-contains-last-replica',
            'allow-if-replica-is-stopped',
            'always-allow',
          ],
          { description: 'What a node drain does to the last healthy replica of a volume (`defaultSettings.nodeDrainPolicy`).' },
        ),
        'block-if-contains-last-replica',
      ),
      orphanResourceAutoDeletion: withDefault(
        Type.Array(StringEnum(['replica-data', 'instance']), {
          uniqueItems: true,
          description:
            'Orphaned resources deleted automatically (`defaultSettings.orphanResourceAutoDeletion`, formerly `orphanAutoDeletion`). Empty: none (Longhorn\'s default).',
        }),
        [],
      ),
    }),
    {},
  ),
  backup: Type.Optional(
    Type.Object(
      {
        target: Url({
          schemes: ['cifs', 'nfs', 's3'],
          description:
            'Default backup target (`defaultBackupStore.backupTarget`): `cifs://nas.lan/backups`, `nfs://nas.lan:/export/backups` or `s3://<bucket>@<region>/`.',
        }),
        credentials: Type.Optional(
          {
            ...SecretSource,
            description:
              'Secret with the target\'s credentials (`defaultBackupStore.backupTargetCredentialSecret`): `CIFS_USERNAME`, `CIFS_PASSWORD` for CIFS; `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINTS` for S3. Required for CIFS and S3, not allowed for NFS.',
          } as typeof SecretSource,
        ),
        pollInterval: withDefault(
          Type.Integer({
            minimum: 0,
            description: 'Seconds between checks of the target for new backups; 0 turns polling off (`defaultBackupStore.pollInterval`).',
          }),
          300,
        ),
      },
      { description: 'Where backups go (the default BackupTarget).' },
    ),
  ),
  recurringJobs: withDefault(
    Type.Array(RecurringJob, { uniqueBy: 'name', description: 'Recurring snapshot and backup jobs (Longhorn `RecurringJob` objects).' }),
    [],
  ),
  ui: withDefault(
    Type.Object({
      replicas: withDefault(Type.Integer({ minimum: 1, description: 'Longhorn UI replicas (`longhornUI.replicas`).' }), 2),
      route: Type.Optional(
        Route({
          description:
            'Expose the UI through the chart\'s Gateway API HTTPRoute to `longhorn-frontend:80` (`httproute.*`). The UI has no login: put it behind an internal Gateway.',
        }),
      ),
    }),
    {},
  ),
  csiSidecarReplicas: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'Replicas of the CSI attacher, provisioner, resizer and snapshotter (`csi.*ReplicaCount`; Longhorn runs 3). Lower it on clusters with fewer nodes.',
    }),
  ),
  serviceMonitor: Monitoring({ description: 'ServiceMonitor for the Longhorn manager metrics (`metrics.serviceMonitor.enabled`).' }),
});
export type LonghornValues = Static<typeof LonghornValuesSchema>;

export const longhorn = defineComponent({
  name: 'longhorn',
  title: 'Longhorn',
  summary: 'Replicated block storage on the nodes\' disks, with snapshots, backups and the `longhorn` StorageClass',
  category: 'storage',
  // The chart README: "install the Longhorn chart in the longhorn-system namespace only".
  namespace: 'longhorn-system',
  // longhorn-manager and the instance managers are privileged and mount host paths.
  podSecurity: 'privileged',
  // No upstream OCI chart; the CRDs are chart templates (templates/crds.yaml), so they upgrade with the release.
  // renovate: datasource=helm depName=longhorn registryUrl=https://charts.longhorn.io
  chart: { name: 'longhorn', version: '1.12.1', repository: 'https://charts.longhorn.io' },
  docs: [
    { title: 'Longhorn documentation', url: 'https://longhorn.io/docs/' },
    { title: 'Helm chart', url: 'https://github.com/longhorn/longhorn/tree/master/chart' },
    { title: 'Settings reference', url: 'https://longhorn.io/docs/latest/references/settings/' },
    { title: 'Setting a backup target', url: 'https://longhorn.io/docs/latest/snapshots-and-backups/backup-and-restore/set-backup-target/' },
    { title: 'Recurring snapshots and backups', url: 'https://longhorn.io/docs/latest/snapshots-and-backups/scheduling-backups-and-snapshots/' },
    { title: 'Talos Linux support', url: 'https://longhorn.io/docs/latest/advanced-resources/os-distro-specific/talos-linux-support/' },
  ],
  values: LonghornValuesSchema,
  chartData: new URL('../chart/', import.meta.url),
  chartContract: {
    // values.yaml leaves every setting `~`, which would accept anything; but
    // templates/default-setting.yaml fails the render on any value that is not a string
    // (`{{ if not (kindIs "string" ...) }}{{ fail ... }}`), e.g. `defaultReplicaCount: 3`.
    types: { 'defaultSettings.*': 'string' },
  },
  crds: new URL('../crds/', import.meta.url),
  helmValues: (v) => ({
    persistence: {
      defaultClass: v.storageClass.isDefault,
      defaultClassReplicaCount: v.volumes.replicas,
      defaultDataLocality: v.volumes.dataLocality,
      reclaimPolicy: v.storageClass.reclaimPolicy,
      defaultFsType: v.storageClass.fsType,
    },
    // The chart fails on any defaultSettings value that is not a string (templates/default-setting.yaml).
    defaultSettings: {
      ...(v.dataPath ? { defaultDataPath: v.dataPath } : {}),
      defaultReplicaCount: String(v.volumes.replicas),
      defaultDataLocality: v.volumes.dataLocality,
      createDefaultDiskLabeledNodes: String(v.settings.createDefaultDiskLabeledNodes),
      replicaAutoBalance: v.settings.replicaAutoBalance,
      nodeDownPodDeletionPolicy: v.settings.nodeDownPodDeletionPolicy,
      nodeDrainPolicy: v.settings.nodeDrainPolicy,
      ...(v.settings.orphanResourceAutoDeletion.length > 0
        ? { orphanResourceAutoDeletion: v.settings.orphanResourceAutoDeletion.join(';') }
        : {}),
    },
    ...(v.backup
      ? {
          defaultBackupStore: {
            backupTarget: v.backup.target,
            ...(v.backup.credentials ? { backupTargetCredentialSecret: secretName(v.backup.credentials, BACKUP_SECRET) } : {}),
            pollInterval: v.backup.pollInterval,
          },
        }
      : {}),
    longhornUI: { replicas: v.ui.replicas },
    ...(v.ui.route
      ? {
          httproute: {
            enabled: true,
            parentRefs: routeParentRefs(v.ui.route),
            hostnames: [...v.ui.route.hostnames],
          },
        }
      : {}),
    ...(v.csiSidecarReplicas !== undefined
      ? {
          csi: {
            attacherReplicaCount: v.csiSidecarReplicas,
            provisionerReplicaCount: v.csiSidecarReplicas,
            resizerReplicaCount: v.csiSidecarReplicas,
            snapshotterReplicaCount: v.csiSidecarReplicas,
          },
        }
      : {}),
    ...(v.serviceMonitor ? { metrics: { serviceMonitor: { enabled: true } } } : {}),
  }),
  // The chart reads the backup target's credentials from this Secret in its namespace.
  secretRefs: ['defaultBackupStore.backupTargetCredentialSecret'],
  secrets: (v) => {
    const backup = v.backup;
    if (!backup?.credentials) return [];
    const use: SecretUse = {
      source: backup.credentials,
      defaultName: BACKUP_SECRET,
      keys: BACKUP_CREDENTIAL_KEYS[schemeOf(backup.target)],
      purpose: `Credentials of the backup target \`${backup.target}\``,
    };
    return [use];
  },
  check: (v) => [...backupTargetProblems(v), ...backupJobProblems(v)],
  objects: (v, ctx) => v.recurringJobs.map((job) => recurringJob(job, ctx.namespace)),
  provides: () => ({ crd: ['longhorn.io'], 'storage-class': ['longhorn'] }),
  facts: (v) =>
    v.storageClass.isDefault ? [{ kind: 'default-storage-class' as const, name: 'longhorn', path: 'storageClass.isDefault' }] : [],
  security: (v) => [
    'Runs privileged on every node: the engine needs the host\'s block devices and iSCSI',
    'Volumes are not encrypted at rest (no `encrypted` StorageClass parameter)',
    ...(v.backup && 'credentials' in v.backup && v.backup.credentials
      ? ['Backup target credentials come from a Secret (see Secrets); the backups themselves are not encrypted by Longhorn']
      : []),
    ...(v.ui.route ? ['The UI has no login: its route must only be attached to a Gateway that is not reachable from outside'] : []),
  ],
  features: (v) => [
    `StorageClass \`longhorn\`${v.storageClass.isDefault ? ' (cluster default)' : ''}: ${v.volumes.replicas} replica${v.volumes.replicas > 1 ? 's' : ''}, data locality ${v.volumes.dataLocality}, ${v.storageClass.fsType}, reclaim policy ${v.storageClass.reclaimPolicy}`,
    ...(v.dataPath ? [`Default disk at \`${v.dataPath}\``] : []),
    ...(v.settings.createDefaultDiskLabeledNodes ? ['Default disks only on nodes labelled `node.longhorn.io/create-default-disk=true`'] : []),
    `Replica auto-balance: ${v.settings.replicaAutoBalance}; node drain: ${v.settings.nodeDrainPolicy}; pods on a down node: ${v.settings.nodeDownPodDeletionPolicy}`,
    ...(v.settings.orphanResourceAutoDeletion.length > 0
      ? [`Orphaned ${v.settings.orphanResourceAutoDeletion.join(' and ')} deleted automatically`]
      : []),
    ...(v.backup
      ? [`Backups to \`${v.backup.target}\` (${schemeOf(v.backup.target).toUpperCase()}), polled every ${v.backup.pollInterval}s`]
      : ['No backup target: snapshots stay on the cluster\'s own disks']),
    ...v.recurringJobs.map(
      (job) =>
        `Recurring ${job.task} \`${job.name}\` at \`${job.cron}\`${job.retain > 0 ? `, keeping ${job.retain}` : ''}, ${job.groups.length > 0 ? `for group${job.groups.length === 1 ? '' : 's'} ${job.groups.map((g) => `\`${g}\``).join(', ')}` : 'for volumes that select it by label'}`,
    ),
    ...(v.ui.route ? [] : ['UI reachable with `kubectl port-forward` only']),
  ],
  troubleshooting: (v, ctx) => [
    {
      title: 'Nodes, disks and volumes',
      commands: [
        `kubectl -n ${ctx.namespace} get nodes.longhorn.io`,
        `kubectl -n ${ctx.namespace} get volumes.longhorn.io`,
        `kubectl -n ${ctx.namespace} get replicas.longhorn.io`,
        `kubectl -n ${ctx.namespace} logs ds/longhorn-manager --tail=100 | grep -i -E 'iscsi|error'`,
      ],
    },
    {
      title: 'Settings applied from the chart',
      commands: [`kubectl -n ${ctx.namespace} get settings.longhorn.io`],
    },
    ...(v.backup
      ? [
          {
            title: 'Backup target',
            commands: [
              `kubectl -n ${ctx.namespace} get backuptargets.longhorn.io`,
              `kubectl -n ${ctx.namespace} describe backuptargets.longhorn.io default`,
              `kubectl -n ${ctx.namespace} get backupvolumes.longhorn.io,backups.longhorn.io`,
            ],
          },
        ]
      : []),
    ...(v.recurringJobs.length > 0
      ? [
          {
            title: 'Recurring jobs',
            commands: [`kubectl -n ${ctx.namespace} get recurringjobs.longhorn.io`, `kubectl -n ${ctx.namespace} get cronjobs,jobs`],
          },
        ]
      : []),
    ...(v.ui.route ? [{ title: 'UI route', commands: [`kubectl -n ${ctx.namespace} get httproutes -o wide`] }] : []),
    {
      title: 'UI without the route (then open http://localhost:8080)',
      keepOpen: `kubectl -n ${ctx.namespace} port-forward svc/longhorn-frontend 8080:80`,
      commands: [],
    },
  ],
  readme: (v, ctx) => {
    const ns = ctx.namespace;
    return {
      // The chart's pods carry the release label; the instance managers, which run the engines and
      // replicas (where volume problems show), are made by longhorn-manager and carry their own.
      pods: [`app.kubernetes.io/instance=${ctx.name}`, 'longhorn.io/component=instance-manager'],
      health: [
        { command: `kubectl -n ${ns} get nodes.longhorn.io`, expect: 'every node READY True, SCHEDULABLE True' },
        { command: `kubectl -n ${ns} get volumes.longhorn.io`, expect: 'ROBUSTNESS healthy (degraded: a replica is missing or rebuilding)' },
        ...(v.backup ? [{ command: `kubectl -n ${ns} get backuptargets.longhorn.io`, expect: 'AVAILABLE true' }] : []),
      ],
      symptoms: [
        { symptom: 'A PVC of StorageClass `longhorn` stays Pending, or a pod cannot attach its volume', check: 'the volume\'s robustness and the instance-manager pods on that node' },
        { symptom: 'A volume is degraded after a node restart', check: 'the replicas rebuilding: `kubectl -n ' + ns + ' get replicas.longhorn.io`' },
        ...(v.backup ? [{ symptom: 'Backups are missing or fail', check: 'the backup target\'s AVAILABLE and its message, then the recurring jobs' }] : []),
      ],
      topics: [
        {
          topic: 'storage',
          facts: [
            `StorageClass \`longhorn\`${v.storageClass.isDefault ? ' (cluster default)' : ''}: ${v.volumes.replicas} replica${v.volumes.replicas > 1 ? 's' : ''} a volume, on the nodes' disks`,
            ...(v.backup ? [`Volume backups to \`${v.backup.target}\``] : ['No backup target: snapshots stay on the nodes\' disks']),
          ],
        },
        {
          topic: 'maintenance',
          facts: [
            ...v.recurringJobs.map((job) => `Recurring ${job.task} \`${job.name}\` at \`${job.cron}\`${job.retain > 0 ? `, keeping ${job.retain}` : ''}`),
            `Node drain: \`${v.settings.nodeDrainPolicy}\` (drain nodes one at a time and wait for volumes to be healthy)`,
          ],
        },
        { topic: 'security', facts: ['Longhorn volumes are not encrypted at rest'] },
      ],
      diagrams: [
        {
          id: DIAGRAM.storage,
          title: 'Where volumes live',
          topic: 'storage',
          nodes: [
            { id: storageClassNode('longhorn'), label: `StorageClass longhorn${v.storageClass.isDefault ? ' (default)' : ''}` },
            { id: 'longhorn-disks', label: `Longhorn replicas\n${v.volumes.replicas} on the nodes' disks` },
            ...(v.backup ? [{ id: `backup:${v.backup.target}`, label: `Backup target\n${v.backup.target}` }] : []),
          ],
          edges: [
            { from: storageClassNode('longhorn'), to: 'longhorn-disks', kind: 'data' },
            ...(v.backup ? [{ from: 'longhorn-disks', to: `backup:${v.backup.target}`, kind: 'backup' }] : []),
          ],
          legend: { data: 'where the data is stored', backup: 'where backups are copied' },
        },
        ...(v.ui.route
          ? [
              {
                id: DIAGRAM.ingress,
                title: 'Traffic from the LAN to the cluster',
                topic: 'networking' as const,
                groups: [{ id: ns, label: ns }],
                nodes: [{ id: `host:${v.ui.route.hostnames[0]}`, label: `Longhorn UI\n${v.ui.route.hostnames.join(', ')}`, group: ns }],
                edges: [{ from: gatewayNode(v.ui.route.gateway.namespace ?? ns, v.ui.route.gateway.name), to: `host:${v.ui.route.hostnames[0]}` }],
                legend: { traffic: 'traffic, from the client to the Service' },
              },
            ]
          : []),
        ...(v.serviceMonitor ? [scrapedBy(ctx.name, 'Longhorn manager', ns)] : []),
      ],
    };
  },
});

/** CIFS and S3 targets need credentials; NFS takes none. */
function backupTargetProblems(v: Resolved<typeof LonghornValuesSchema>): ValueProblem[] {
  if (!v.backup) return [];
  const scheme = schemeOf(v.backup.target);
  const needsLogin = BACKUP_CREDENTIAL_KEYS[scheme].length > 0;
  if (needsLogin && !v.backup.credentials) {
    return [{ code: 'VALUE_MISSING', path: 'backup.credentials', message: `is required for a ${scheme}:// target`, hint: `give the Secret with ${BACKUP_CREDENTIAL_KEYS[scheme].join(', ')}` }];
  }
  if (!needsLogin && v.backup.credentials) {
    return [{ path: 'backup.credentials', message: `is not used by a ${scheme}:// target`, hint: 'remove it: NFS targets take no credentials' }];
  }
  return [];
}

/** Backup jobs write to the default backup target: without one they fail on every run. */
function backupJobProblems(v: Resolved<typeof LonghornValuesSchema>): ValueProblem[] {
  if (v.backup?.target) return [];
  return v.recurringJobs.flatMap((job, i) =>
    BACKUP_TASKS.has(job.task)
      ? [{ path: `recurringJobs[${i}].task`, message: 'needs a backup target', got: job.task, hint: 'set backup.target, or use a snapshot task' }]
      : [],
  );
}

function schemeOf(target: string): BackupScheme {
  return target.slice(0, target.indexOf(':')) as BackupScheme;
}

/** A Longhorn RecurringJob (longhorn.io/v1beta2, chart/templates/crds.yaml). */
function recurringJob(job: Resolved<typeof RecurringJob>, namespace: string): KubeObject {
  return {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'RecurringJob',
    metadata: { name: job.name, namespace },
    spec: {
      name: job.name,
      task: job.task,
      cron: job.cron,
      retain: job.retain,
      concurrency: job.concurrency,
      groups: [...job.groups],
      ...(job.labels ? { labels: { ...job.labels } } : {}),
    },
  };
}
