/**
 * The Prometheus Operator CRDs (`monitoring.coreos.com`) as their own unit.
 *
 * Components that emit ServiceMonitors, PodMonitors or PrometheusRules (Cilium, Longhorn,
 * metrics-server, …) need these CRDs, and kube-prometheus-stack itself may need those components
 * (a Longhorn storage class, say). With the CRDs inside kube-prometheus-stack that is a dependency
 * cycle; as a unit of their own, with no needs at all, they can be applied first.
 */
import { defineComponent, Type, type Static } from '@fluxgen/core';

/** The typed values of the Prometheus Operator CRDs component: there are none to choose. */
export const PrometheusOperatorCrdsValuesSchema = Type.Object({});
export type PrometheusOperatorCrdsValues = Static<typeof PrometheusOperatorCrdsValuesSchema>;

/**
 * The chart renders the CRDs as ordinary templates, so a Helm uninstall (Flux pruning a removed
 * HelmRelease) would delete them and, with them, every ServiceMonitor, PrometheusRule and
 * Prometheus in the cluster. `helm.sh/resource-policy: keep` makes Helm leave them in place
 * (https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource).
 * Added by a post-renderer rather than the chart's `crds.annotations`, whose presence at 31.0.1
 * could not be checked against a vendored values.yaml.
 */
const KEEP_CRDS = {
  kustomize: {
    patches: [
      {
        target: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        patch: '- op: add\n  path: /metadata/annotations/helm.sh~1resource-policy\n  value: keep\n',
      },
    ],
  },
};

export const prometheusOperatorCrds = defineComponent({
  name: 'prometheus-operator-crds',
  title: 'Prometheus Operator CRDs',
  summary:
    'The `monitoring.coreos.com` CRDs (ServiceMonitor, PodMonitor, PrometheusRule, Prometheus, Alertmanager, …), applied before anything that uses them',
  category: 'observability',
  // No pods and no namespaced objects besides the Helm release: kube-system is never declared by
  // fluxgen, so this unit has no namespace edge and cannot end up in a dependency cycle.
  namespace: 'kube-system',
  // 31.0.1 is the release that moved the chart to prometheus-operator v0.93.1, the operator of
  // kube-prometheus-stack 88.5.3 (its Chart.yaml appVersion). Keep the two in step.
  chart: {
    name: 'prometheus-operator-crds',
    // renovate: datasource=helm depName=prometheus-operator-crds registryUrl=https://prometheus-community.github.io/helm-charts
    version: '31.0.1',
    repository: 'https://prometheus-community.github.io/helm-charts',
    oci: 'oci://ghcr.io/prometheus-community/charts/prometheus-operator-crds',
  },
  docs: [
    { title: 'Chart source', url: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/prometheus-operator-crds' },
    { title: 'Prometheus Operator API reference', url: 'https://prometheus-operator.dev/docs/api-reference/api/' },
    { title: 'Helm: CRD best practices', url: 'https://helm.sh/docs/chart_best_practices/custom_resource_definitions/' },
  ],
  values: PrometheusOperatorCrdsValuesSchema,
  release: { postRenderers: [KEEP_CRDS] },
  provides: () => ({ crd: ['monitoring.coreos.com'] }),
  features: () => [
    'CRDs of prometheus-operator v0.93.1, upgraded with the chart (they are templates, not Helm `crds/`)',
    'Kept when the release is uninstalled (`helm.sh/resource-policy: keep`), so removing this component never deletes monitoring resources',
  ],
  readme: () => ({
    // The chart installs CRDs only: no pods to look at.
    pods: [],
    health: [{ command: 'kubectl get crd servicemonitors.monitoring.coreos.com prometheusrules.monitoring.coreos.com', expect: 'both listed' }],
    symptoms: [
      { symptom: 'A unit fails with `no matches for kind "ServiceMonitor"`', check: 'this unit is Ready and the `monitoring.coreos.com` CRDs are installed' },
    ],
  }),
  troubleshooting: () => [
    {
      title: 'Installed CRDs and their operator version',
      commands: [
        'kubectl get crds | grep monitoring.coreos.com',
        "kubectl get crd prometheuses.monitoring.coreos.com -o jsonpath='{.metadata.annotations.operator\\.prometheus\\.io/version}'",
      ],
    },
  ],
});
