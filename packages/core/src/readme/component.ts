/** The view of a component README (below its notice): status and troubleshooting first, then what is installed and why. */
import type { TroubleshootingStep } from '../docs.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { acknowledgementsOf } from '../checks/chart-values.js';
import { statusChecks, troubleshootingSteps } from './commands.js';
import type { ComponentLayout } from './layout.js';
import { cell, code, originOf } from './markdown.js';
import { valuesView } from './values.js';
import { listWords, providesWords } from './words.js';

export function componentView(model: ClusterModel, c: ComponentModel, layout: ComponentLayout) {
  const checks = statusChecks(model, c, layout);
  // A command already in Status is not repeated under Troubleshooting.
  const shown = new Set(checks.map((h) => h.command));
  const steps = troubleshootingSteps(model, c, layout)
    .map((s) => ({ ...s, commands: s.commands.filter((cmd) => !shown.has(cmd)) }))
    .filter((s) => s.commands.length > 0 || s.keepOpen);
  const chart = c.source.chart;
  // Plain data only, and nothing that names the cluster (its notice is rendered apart, and its
  // cluster.ts is linked relatively): a component configured alike in the clusters of a fleet
  // gets the same README, rendered once (readme/index.ts).
  return {
    component: { name: c.name, title: c.spec.title, summary: c.spec.summary, features: c.features, security: c.security, docs: c.spec.docs },
    status: commentedBlock(checks.map((h) => ({ command: h.command, comment: h.expect }))),
    symptoms: (c.readme.symptoms ?? []).map((s) => ({ symptom: cell(s.symptom), check: cell(s.check) })),
    steps: stepsBlock(steps.filter((s) => !s.keepOpen)),
    tunnels: steps.filter((s) => s.keepOpen).map((s) => ({ ...s, block: s.commands.join('\n') })),
    installed: installedRows(model, c, layout),
    files: layout.files,
    objects: layout.objects.map((o) => `${o.kind} ${code(o.namespace ? `${o.namespace}/${o.name}` : o.name)}`).join(', '),
    secrets: c.secrets.map((s) => ({ ...s, origin: originOf(s), keys: listWords(s.keys.map(code)) })),
    dependencies: dependencyWords(model, c),
    values: valuesView(c.spec.values, c.values, c.input),
    acknowledged: acknowledgementsOf(c).map((a) => ({ path: a.path, reason: a.reason })),
    // Stack rules: what this component set because of another, and what others set because of it.
    derived: c.derived.map((d) => ({
      key: code(d.helmPath),
      value: code(JSON.stringify(d.value)),
      from: `[${d.from.component}](../${d.from.component}/README.md)${d.from.path ? ` (${code(d.from.path)})` : ''}`,
      reason: cell(d.reason),
    })),
    causes: model.components.flatMap((other) =>
      other.derived
        .filter((d) => d.from.component === c.name)
        .map((d) => ({ component: `[${other.name}](../${other.name}/README.md)`, key: code(d.helmPath), value: code(JSON.stringify(d.value)), reason: cell(d.reason) })),
    ),
    chart,
    releaseFile: layout.files.includes('app/helmrelease.yaml') ? 'app/helmrelease.yaml' : undefined,
  };
}

/** Commands with a trailing `# comment`, aligned, as one pasteable block. */
export function commentedBlock(rows: readonly { command: string; comment: string }[]): string {
  const width = Math.min(90, Math.max(0, ...rows.map((r) => r.command.length)));
  return rows.map((r) => `${r.command.padEnd(width)}  # ${r.comment}`).join('\n');
}

/** Steps as one bash block, each under a `# title` comment. */
function stepsBlock(steps: readonly TroubleshootingStep[]): string {
  return steps.map((s) => [`# ${s.title}`, ...s.commands].join('\n')).join('\n');
}

function installedRows(model: ClusterModel, c: ComponentModel, layout: ComponentLayout): { key: string; value: string }[] {
  const s = c.source;
  const units = `${layout.units.map((u) => code(u.name)).join(', ')} in ${code(model.flux.namespace)}`;
  if (!s.chart) {
    return [
      { key: 'Source', value: `${s.kind} ${code(s.url)}, ${code(s.version)}${s.path ? `, path ${code(s.path)}` : ''}` },
      { key: 'Namespace of its objects', value: code(c.namespace) },
      { key: 'Flux Kustomizations', value: units },
    ];
  }
  return [
    {
      key: 'Chart',
      value: `${code(s.chartName ?? c.name)} ${code(s.version)} from ${s.kind} ${code(s.url)}${s.shared ? ` (shared: ${code(`${s.shared.namespace}/${s.shared.name}`)})` : ''}`,
    },
    { key: 'Namespace', value: code(c.namespace) },
    { key: 'Helm release', value: code(layout.release?.releaseName ?? c.name) },
    { key: 'Flux Kustomizations', value: units },
  ];
}

/** Every ordering edge in and out of the component, said in words. */
function dependencyWords(model: ClusterModel, c: ComponentModel): string[] {
  const link = (name: string) => {
    const o = model.components.find((x) => x.name === name);
    // Units that are not components (secret backends', the cluster's own) have no README of their own.
    return o ? `[${o.spec.title}](../${name}/README.md)` : `the unit ${code(name)}`;
  };
  const config = `${c.name}-config`;
  const unitTitle = (name: string) => model.clusterUnits.find((u) => u.name === name)?.title;
  const lines = [
    ...c.dependsOn.map((d) =>
      d.because.length === 0 && unitTitle(d.name)
        ? `Waits for ${link(d.name)}: ${unitTitle(d.name)}.`
        : `Waits for ${link(d.name)}, which ${providesWords(d.because)}.`,
    ),
    ...c.configDependsOn.map((d) => `Its objects (${code(config)}) also wait for ${link(d.name)}, which ${providesWords(d.because)}.`),
  ];
  for (const o of model.components) {
    if (o.name === c.name) continue;
    for (const d of o.dependsOn.filter((d) => d.name === c.name)) {
      lines.push(`${link(o.name)} waits for it: this component ${providesWords(d.because)}.`);
    }
    for (const d of o.configDependsOn.filter((d) => d.name === c.name)) {
      lines.push(`The objects of ${link(o.name)} (${code(`${o.name}-config`)}) wait for it: this component ${providesWords(d.because)}.`);
    }
  }
  for (const u of model.clusterUnits) {
    for (const d of u.dependsOn.filter((d) => d.name === c.name)) {
      lines.push(`The unit ${code(u.name)} (${unitTitle(u.name)}) waits for it: this component ${providesWords(d.because)}.`);
    }
  }
  return lines.length > 0 ? lines : ['Waits for nothing else in this cluster, and nothing waits for it.'];
}
