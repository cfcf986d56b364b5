/**
 * Reloader (Stakater): rolls Deployments, StatefulSets and DaemonSets when a ConfigMap or Secret they
 * use changes. Workloads opt in with `reloader.stakater.com/auto: "true"` (or name the objects in
 * `configmap.reloader.stakater.com/reload` / `secret.reloader.stakater.com/reload`), unless
 * `autoReloadAll` reloads every workload.
 */
import { defineComponent, Monitoring, scrapedBy, Name, StringEnum, Type, withDefault, type Resolved, type Static, type ValueProblem } from '@fluxgen/core';

/** The annotation a workload opts in with: reload on any change of the ConfigMaps and Secrets it references. */
const AUTO_ANNOTATION = 'reloader.stakater.com/auto';

const Namespaces = (description: string) =>
  withDefault(Type.Array(Name({ description: 'A namespace.' }), { maxItems: 256, uniqueItems: true, description }), []);

/** The typed values of the Reloader component. */
export const ReloaderValuesSchema = Type.Object({
  namespaces: Namespaces(
    'Watch only these namespaces (`reloader.watchGlobally: false` + `reloader.namespaces`: a Role in each, no ClusterRole; Reloader\'s own namespace is always added). Empty: watch every namespace.',
  ),
  ignoreNamespaces: Namespaces(
    'When watching every namespace: namespaces Reloader leaves alone (`reloader.ignoreNamespaces`).',
  ),
  reloadStrategy: withDefault(
    StringEnum(['default', 'env-vars', 'annotations'], {
      description:
        'How a rollout is triggered (`reloader.reloadStrategy`): `default`/`env-vars` add a `STAKATER_…` env var to the pod template; `annotations` set a `reloader.stakater.com/last-reloaded-from` pod-template annotation instead (no env change; friendlier to GitOps diffs).',
    }),
    'default',
  ),
  autoReloadAll: withDefault(
    Type.Boolean({
      description:
        'Reload every workload when a ConfigMap or Secret it references changes, annotated or not (`reloader.autoReloadAll`). Off: only workloads with a `reloader.stakater.com/…` annotation.',
    }),
    false,
  ),
  watch: withDefault(
    Type.Object(
      {
        configMaps: withDefault(Type.Boolean({ description: 'React to ConfigMap changes (`reloader.ignoreConfigMaps` when off).' }), true),
        secrets: withDefault(Type.Boolean({ description: 'React to Secret changes (`reloader.ignoreSecrets` when off).' }), true),
      },
      { description: 'Which kinds of objects trigger a reload.' },
    ),
    {},
  ),
  reloadOnCreate: withDefault(
    Type.Boolean({
      description:
        'Also reload when a referenced ConfigMap or Secret is created (`reloader.reloadOnCreate`), e.g. a Secret an operator writes after the workload started.',
    }),
    false,
  ),
  replicas: withDefault(
    Type.Integer({
      minimum: 1,
      maximum: 5,
      description: 'Replicas (`reloader.deployment.replicas`). 2 or more turns on leader election (`reloader.enableHA`) and a PodDisruptionBudget.',
    }),
    1,
  ),
  logFormat: withDefault(StringEnum(['json', 'text'], { description: 'Log format (`reloader.logFormat`).' }), 'json'),
  monitoring: Monitoring({
    description:
      'Scrape Reloader\'s metrics (`reloader_reload_executed_total`, port `http`) with a PodMonitor (`reloader.podMonitor`). The chart only renders it once the `monitoring.coreos.com/v1` API is served.',
  }),
});
export type ReloaderValues = Static<typeof ReloaderValuesSchema>;

type Values = Resolved<typeof ReloaderValuesSchema>;

function problems(v: Values): ValueProblem[] {
  const out: ValueProblem[] = [];
  if (v.namespaces.length > 0 && v.ignoreNamespaces.length > 0) {
    out.push({
      path: 'ignoreNamespaces',
      message: 'only applies when Reloader watches every namespace, but `namespaces` picks the ones it watches',
      got: v.ignoreNamespaces,
      hint: 'leave the ignored namespaces out of `namespaces` instead, or empty `namespaces` to watch every namespace',
    });
  }
  if (!v.watch.configMaps && !v.watch.secrets) {
    out.push({
      path: 'watch',
      message: 'ignores both ConfigMaps and Secrets: Reloader would never reload anything',
      got: v.watch,
      hint: 'keep `configMaps` or `secrets` on, or remove the component',
    });
  }
  return out;
}

const scope = (v: Values) =>
  v.namespaces.length > 0
    ? `namespaces ${v.namespaces.map((n) => `\`${n}\``).join(', ')} (and its own)`
    : `every namespace${v.ignoreNamespaces.length > 0 ? ` except ${v.ignoreNamespaces.map((n) => `\`${n}\``).join(', ')}` : ''}`;

export const reloader = defineComponent({
  name: 'reloader',
  title: 'Reloader',
  summary: 'Rolls workloads when the ConfigMaps and Secrets they use change',
  category: 'core',
  namespace: 'kube-system',
  // Non-root 65534, seccomp RuntimeDefault (chart), plus no privilege escalation and no capabilities (set here).
  podSecurity: 'restricted',
  chart: {
    name: 'reloader',
    // renovate: datasource=helm depName=reloader registryUrl=https://stakater.github.io/stakater-charts
    version: '2.2.16',
    repository: 'https://stakater.github.io/stakater-charts',
    oci: 'oci://ghcr.io/stakater/charts/reloader',
  },
  chartData: new URL('../chart/', import.meta.url),
  docs: [
    { title: 'Reloader', url: 'https://github.com/stakater/Reloader' },
    { title: 'Helm chart', url: 'https://github.com/stakater/Reloader/tree/master/deployments/kubernetes/chart/reloader' },
  ],
  values: ReloaderValuesSchema,
  check: (v) => problems(v),
  // Other components read it to annotate their workloads (`reloader.stakater.com/auto: "true"`).
  facts: (v, ctx) => [
    {
      kind: 'workload-restarter' as const,
      annotation: AUTO_ANNOTATION,
      value: 'true',
      namespaces: v.namespaces.length > 0 ? [...new Set([...v.namespaces, ctx.namespace])] : [],
      path: 'namespaces',
    },
  ],
  helmValues: (v, ctx) => ({
    fullnameOverride: ctx.name,
    reloader: {
      autoReloadAll: v.autoReloadAll,
      reloadStrategy: v.reloadStrategy,
      reloadOnCreate: v.reloadOnCreate,
      ignoreConfigMaps: !v.watch.configMaps,
      ignoreSecrets: !v.watch.secrets,
      ...(v.namespaces.length > 0
        ? { watchGlobally: false, namespaces: v.namespaces }
        : { watchGlobally: true, ignoreNamespaces: v.ignoreNamespaces.join(',') }),
      logFormat: v.logFormat === 'json' ? 'json' : '',
      // Capital S: the chart's key (a `readOnlyRootFilesystem` typo would be ignored).
      readOnlyRootFileSystem: true,
      enableHA: v.replicas > 1,
      deployment: {
        replicas: v.replicas,
        containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
      ...(v.replicas > 1 ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
      ...(v.monitoring ? { podMonitor: { enabled: true, namespace: ctx.namespace } } : {}),
    },
  }),
  features: (v) => [
    `Watches ${scope(v)}, ${[v.watch.configMaps ? 'ConfigMaps' : '', v.watch.secrets ? 'Secrets' : ''].filter(Boolean).join(' and ')}${v.reloadOnCreate ? ', also on creation' : ''}`,
    v.autoReloadAll
      ? 'Reloads every workload that references a changed ConfigMap or Secret (`autoReloadAll`)'
      : `Reloads workloads that opt in: \`${AUTO_ANNOTATION}: "true"\`, or \`configmap.reloader.stakater.com/reload\` / \`secret.reloader.stakater.com/reload\` naming the objects (on the workload's own metadata, not the pod template)`,
    `Reload strategy \`${v.reloadStrategy}\`${v.reloadStrategy === 'annotations' ? ' (pod-template annotation)' : ' (pod-template env var)'}`,
    `${v.replicas} replica${v.replicas > 1 ? 's with leader election and a PodDisruptionBudget' : ''}, ${v.logFormat} logs`,
  ],
  security: (v) => [
    'Runs as non-root (65534) with a read-only root file system, no privilege escalation and no capabilities (Pod Security `restricted`)',
    v.namespaces.length > 0
      ? `Reads ConfigMaps and Secrets, and patches workloads, only in ${v.namespaces.join(', ')} and its own namespace (Roles, no ClusterRole)`
      : 'Reads every ConfigMap and Secret in the cluster and may patch any Deployment, StatefulSet or DaemonSet (ClusterRole)',
  ],
  readme: (v, ctx) => ({
    pods: [`app=${ctx.name}`],
    health: [
      { command: `kubectl -n ${ctx.namespace} get deploy ${ctx.name}`, expect: `READY ${v.replicas}/${v.replicas}` },
      { command: `kubectl -n ${ctx.namespace} logs deploy/${ctx.name} | grep -i error`, expect: 'nothing' },
    ],
    symptoms: [
      { symptom: 'A workload is not restarted after its Secret or ConfigMap changed', check: `the \`${AUTO_ANNOTATION}\` annotation must be on the workload's own metadata (not the pod template), and its namespace watched` },
      { symptom: 'helm-controller drift detection reverts a restart', check: `exclude the pod-template ${v.reloadStrategy === 'annotations' ? 'annotation' : 'env var'} Reloader writes in \`driftDetection.ignore\`` },
    ],
    topics: [{ topic: 'maintenance', facts: [`Reloader rolls workloads in ${scope(v)} when their ConfigMaps or Secrets change`] }],
    diagrams: v.monitoring ? [scrapedBy(ctx.name, 'Reloader', ctx.namespace)] : [],
  }),
  troubleshooting: (v, ctx) => [
    {
      title: 'A workload was not restarted: the annotation must be on the workload itself, and its namespace watched',
      commands: [
        `kubectl -n ${ctx.namespace} logs deploy/${ctx.name} | grep -i -E 'changes detected|error'`,
        'kubectl get deploy,sts,ds -A -o jsonpath=\'{range .items[?(@.metadata.annotations.reloader\\.stakater\\.com/auto)]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}\'',
      ],
    },
    {
      title: `helm-controller drift detection undoes a restart: ignore the pod-template ${v.reloadStrategy === 'annotations' ? 'annotation' : 'env var'} Reloader writes`,
      commands: ['flux get helmreleases -A --status-selector ready=false'],
    },
    ...(v.monitoring
      ? [
          {
            title: 'No PodMonitor: the chart renders it only when monitoring.coreos.com/v1 was served at install time; reconcile again',
            commands: [`kubectl -n ${ctx.namespace} get podmonitor ${ctx.name}`, `flux reconcile helmrelease ${ctx.name} -n ${ctx.namespace} --force`],
          },
        ]
      : []),
  ],
});
