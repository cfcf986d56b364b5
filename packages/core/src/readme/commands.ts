/**
 * Commands derived from the rendered layout: real namespaces, unit names and pod selectors. Every
 * command works when pasted; a command that must keep running is shown apart, for a second
 * terminal, never backgrounded with `&`.
 */
import type { HealthCheck, TroubleshootingStep } from '../docs.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import type { ComponentLayout } from './layout.js';

/** A shell word: quoted when it holds anything the shell would read (spaces, parentheses, `!`). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./=,:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Selectors of the pods that matter: what the component declares, else the Helm release's
 * `app.kubernetes.io/instance` label (every chart that follows Helm's conventions sets it).
 */
export function podSelectors(c: ComponentModel, layout: ComponentLayout): readonly string[] {
  if (c.readme.pods) return c.readme.pods;
  return layout.release ? [`app.kubernetes.io/instance=${layout.release.releaseName}`] : [];
}

/** What says the component is healthy: its units and release Ready, its pods running, its own checks. */
export function statusChecks(model: ClusterModel, c: ComponentModel, layout: ComponentLayout): HealthCheck[] {
  const ns = model.flux.namespace;
  return [
    ...layout.units.map((u) => ({ command: `flux get kustomization ${u.name} -n ${ns}`, expect: 'Ready True' })),
    ...(layout.release
      ? [{ command: `flux get helmrelease ${layout.release.name} -n ${layout.release.namespace}`, expect: `Ready True, chart \`${c.source.version}\`` }]
      : []),
    ...podSelectors(c, layout).map((s) => ({
      command: `kubectl get pods -n ${c.namespace} -l ${shellWord(s)}`,
      expect: 'every pod Running and Ready',
    })),
    ...(c.readme.health ?? []),
  ];
}

/** The generic steps (logs, events, reconcile) followed by the component's own. */
export function troubleshootingSteps(model: ClusterModel, c: ComponentModel, layout: ComponentLayout): TroubleshootingStep[] {
  const ns = model.flux.namespace;
  const selectors = podSelectors(c, layout);
  const reconcile = layout.release
    ? `flux reconcile helmrelease ${layout.release.name} -n ${layout.release.namespace} --with-source`
    : `flux reconcile kustomization ${c.name} -n ${ns} --with-source`;
  return [
    {
      title: 'Why Flux is not Ready',
      commands: [
        ...layout.units.map((u) => `flux events -n ${ns} --for Kustomization/${u.name}`),
        ...(layout.release ? [`flux events -n ${layout.release.namespace} --for HelmRelease/${layout.release.name}`] : []),
      ],
    },
    {
      title: 'Logs and events',
      commands: [
        ...selectors.map((s) => `kubectl logs -n ${c.namespace} -l ${shellWord(s)} --all-containers --prefix --tail=50`),
        `kubectl get events -n ${c.namespace} --field-selector type=Warning --sort-by=.lastTimestamp`,
      ],
    },
    { title: 'Force a reconcile', commands: [reconcile] },
    ...c.troubleshooting,
  ];
}

/** Cluster-wide triage: what is not Ready, and why. */
export function triageCommands(): string[] {
  return ['flux get all -A --status-selector ready=false', 'flux events -A --types=Warning'];
}

/** Cluster-wide diagnostics, after triage. */
export function diagnostics(): HealthCheck[] {
  return [
    { command: 'kubectl get nodes -o wide', expect: 'every node Ready' },
    { command: 'kubectl get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded', expect: 'No resources found' },
    { command: 'kubectl get events -A --field-selector type=Warning --sort-by=.lastTimestamp', expect: 'nothing recent' },
  ];
}

/** Health of the whole layer: Flux itself, every unit and release, then each component's own checks. */
export function clusterHealth(model: ClusterModel): HealthCheck[] {
  return [
    { command: 'flux check', expect: 'all checks passed' },
    { command: `flux get kustomizations -n ${model.flux.namespace}`, expect: 'every unit Ready True' },
    { command: 'flux get helmreleases -A', expect: 'every release Ready True' },
    // What the cluster's secret backends offer to check (e.g. the objects they sync into Secrets).
    ...model.secretBackends.flatMap((b) => (b.health ?? []).map((command) => ({ command, expect: 'every item synced' }))),
  ];
}
