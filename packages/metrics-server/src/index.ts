/**
 * metrics-server: the resource metrics API (`kubectl top`, HorizontalPodAutoscaler).
 */
import { defineComponent, Duration, Monitoring, scrapedBy, StringEnum, Type, withDefault, type Static } from '@fluxgen/core';

/** The typed values of the metrics-server component. */
export const MetricsServerValuesSchema = Type.Object({
  kubelet: withDefault(
    Type.Object({
      insecureTLS: withDefault(
        Type.Boolean({
          description:
            'Skip verifying kubelet serving certificates (`--kubelet-insecure-tls`). Needed where kubelets use self-signed certificates (k3s, kubeadm without serving-cert approval).',
        }),
        false,
      ),
      preferredAddressTypes: withDefault(
        Type.Array(StringEnum(['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS']), {
          minItems: 1,
          uniqueItems: true,
          description: 'Node address types to reach kubelets by, in order (`--kubelet-preferred-address-types`).',
        }),
        ['InternalIP', 'ExternalIP', 'Hostname'],
      ),
      useNodeStatusPort: withDefault(
        Type.Boolean({ description: 'Use the kubelet port from the node status (`--kubelet-use-node-status-port`).' }),
        true,
      ),
    }),
    {},
  ),
  metricResolution: withDefault(
    Duration({ description: 'How often metrics are scraped from kubelets (`--metric-resolution`), e.g. `15s`.' }),
    '15s',
  ),
  replicas: withDefault(Type.Integer({ minimum: 1, description: 'Replicas (2 or more also adds a PodDisruptionBudget).' }), 1),
  serviceMonitor: Monitoring({ description: 'Expose metrics-server\'s own metrics with a ServiceMonitor.' }),
});
export type MetricsServerValues = Static<typeof MetricsServerValuesSchema>;

export const metricsServer = defineComponent({
  name: 'metrics-server',
  title: 'Metrics Server',
  summary: 'Resource metrics API for `kubectl top` and autoscaling',
  category: 'observability',
  namespace: 'kube-system',
  // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
  chart: { name: 'metrics-server', version: '3.13.1', repository: 'https://kubernetes-sigs.github.io/metrics-server/' },
  chartData: new URL('../chart/', import.meta.url),
  // The chart's TLS Secret, when `tls.type` is `existingSecret` (a `{ name }`).
  secretRefs: ['tls.existingSecret'],
  docs: [
    { title: 'metrics-server', url: 'https://github.com/kubernetes-sigs/metrics-server' },
    { title: 'Helm chart', url: 'https://github.com/kubernetes-sigs/metrics-server/tree/master/charts/metrics-server' },
    { title: 'Resource metrics pipeline', url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/resource-metrics-pipeline/' },
  ],
  values: MetricsServerValuesSchema,
  helmValues: (v) => ({
    // defaultArgs is replaced whole, so it restates the chart's --cert-dir.
    defaultArgs: [
      '--cert-dir=/tmp',
      `--kubelet-preferred-address-types=${v.kubelet.preferredAddressTypes.join(',')}`,
      ...(v.kubelet.useNodeStatusPort ? ['--kubelet-use-node-status-port'] : []),
      `--metric-resolution=${v.metricResolution}`,
    ],
    args: v.kubelet.insecureTLS ? ['--kubelet-insecure-tls'] : [],
    replicas: v.replicas,
    ...(v.replicas > 1 ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
    ...(v.serviceMonitor ? { metrics: { enabled: true }, serviceMonitor: { enabled: true } } : {}),
  }),
  features: (v) => [
    `Kubelets reached by ${v.kubelet.preferredAddressTypes.join(' → ')}${v.kubelet.insecureTLS ? ', serving certificates not verified' : ''}`,
    `Scrape every ${v.metricResolution}, ${v.replicas} replica${v.replicas > 1 ? 's with a PodDisruptionBudget' : ''}`,
  ],
  security: (v) => [
    v.kubelet.insecureTLS
      ? 'Kubelet serving certificates are not verified (`--kubelet-insecure-tls`): a node is not authenticated when scraped'
      : 'Kubelet serving certificates are verified against the cluster CA',
  ],
  readme: (v, ctx) => ({
    health: [
      { command: 'kubectl get apiservice v1beta1.metrics.k8s.io', expect: 'AVAILABLE True' },
      { command: 'kubectl top nodes', expect: 'CPU and memory for every node' },
    ],
    symptoms: [
      { symptom: '`kubectl top` fails, or HorizontalPodAutoscalers show `<unknown>` targets', check: 'the `v1beta1.metrics.k8s.io` APIService, then x509 errors in the metrics-server log' },
    ],
    topics: [
      { topic: 'monitoring', facts: [`Resource metrics API (\`kubectl top\`, autoscaling), kubelets scraped every ${v.metricResolution}`] },
      { topic: 'maintenance', section: 'Scaling', facts: ['HorizontalPodAutoscalers on CPU and memory read the resource metrics API that Metrics Server serves'] },
    ],
    diagrams: v.serviceMonitor ? [scrapedBy(ctx.name, 'Metrics Server', ctx.namespace)] : [],
  }),
  troubleshooting: (_v, ctx) => [
    {
      title: 'Metrics API',
      commands: [
        'kubectl get apiservice v1beta1.metrics.k8s.io',
        'kubectl top nodes',
        `kubectl -n ${ctx.namespace} logs deploy/${ctx.name} | grep -i -E 'x509|unable'`,
      ],
    },
  ],
});
