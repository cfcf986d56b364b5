/**
 * `fluxgen chart diff <component> <from> <to>`: what changes for the clusters that use a component
 * when its chart moves from one vendored version to another. For each cluster instance of the
 * component (its final chart values): keys it sets that the new version removed, probably renamed,
 * or gives another type; changed defaults under the keys it sets; new schema requirements; changed
 * CRDs; and whether the chart is deprecated or has moved (Chart.yaml and the component's
 * `lifecycle`). With `--cluster` and no versions, `from` is the version in the committed tree and
 * `to` the one in cluster.ts: the report on a version change before it is generated.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { FluxgenError, type ComponentModel, type ComponentSpec, type HelmValues } from '@fluxgen/core';
import { coalesce, contractProblems, loadContract, loadContractSchema, validate, versionFolder, type ChartContract } from '@fluxgen/core/charts';

/** One finding of a diff, for one cluster instance (or for the chart as a whole). */
export interface DiffItem {
  readonly kind: 'removed' | 'renamed' | 'type' | 'default' | 'required' | 'crd' | 'lifecycle';
  /** Cluster and instance, when the finding is about values a cluster sets. */
  readonly where?: string;
  /** Chart value path (`values.a.b`) or CRD file. */
  readonly path: string;
  readonly detail: string;
}

export interface DiffReport {
  readonly component: string;
  readonly from: string;
  readonly to: string;
  readonly items: readonly DiffItem[];
  /** Whether a key some cluster sets would be dropped (removed or renamed): the command exits 1. */
  readonly drops: boolean;
}

/** An instance's values to diff: where it lives and its final chart values. */
export interface DiffInstance {
  readonly where: string;
  readonly values: HelmValues;
}

function fail(component: string, version: string, have: readonly string[]): never {
  throw new FluxgenError([
    {
      code: 'CHART_DATA_MISSING',
      component,
      path: 'version',
      got: version,
      message: `no chart data for ${component} ${version}`,
      hint: `run \`npx fluxgen chart pull ${component} ${version}\`${have.length ? `; vendored: ${have.join(', ')}` : ''}`,
    },
  ]);
}

/** Leaf paths of a values document with their values (lists are leaves). */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else if (prefix) out.set(prefix, value);
  return out;
}

function crdHashes(dir: URL, version: string): Map<string, string> {
  const folder = fileURLToPath(new URL('crds/', versionFolder(dir, version)));
  if (!existsSync(folder)) return new Map();
  return new Map(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const file = join(e.parentPath, e.name);
        return [relative(folder, file).split(sep).join('/'), createHash('sha256').update(readFileSync(file)).digest('hex')] as const;
      }),
  );
}

function defaultsOf(dir: URL, version: string): unknown {
  return parse(readFileSync(new URL('values.yaml', versionFolder(dir, version)), 'utf8')) ?? {};
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** Compares two vendored versions of a component for the given instances. Pure apart from reading the vendored files. */
export function diffChart(spec: ComponentSpec, from: string, to: string, instances: readonly DiffInstance[]): DiffReport {
  const dir = spec.chartData;
  const have = dir ? readdirSync(dir).filter((n) => existsSync(new URL('values.yaml', versionFolder(dir, n)))) : [];
  if (!dir) fail(spec.name, from, []);
  const a = loadContract(dir, from) ?? fail(spec.name, from, have);
  const b = loadContract(dir, to) ?? fail(spec.name, to, have);
  const items: DiffItem[] = [];
  const opts = spec.chartContract ?? {};
  const unseen = (opts.unseen ?? []).map((u) => u.path);
  const accepted = (d: string) => unseen.some((u) => d === u || d.startsWith(`${u}.`));
  const oldDefaults = leaves(defaultsOf(dir, from));
  const newDefaults = leaves(defaultsOf(dir, to));

  for (const { where, values } of instances) {
    const before = new Set(contractProblems(values, a, { ...opts, accepted }).map((p) => `${p.kind} ${p.path}`));
    for (const p of contractProblems(values, b, { ...opts, accepted })) {
      if (before.has(`${p.kind} ${p.path}`)) continue;
      if (p.kind === 'type') items.push({ kind: 'type', where, path: p.path, detail: `${p.message} in ${to} (got ${show(p.got)})` });
      else if (p.kind === 'unknown' && p.hint && !p.hint.startsWith('keys here')) {
        items.push({ kind: 'renamed', where, path: p.path, detail: `no longer read in ${to}; ${p.hint.replace('did you mean', 'probably renamed: did you mean')}` });
      } else items.push({ kind: 'removed', where, path: p.path, detail: `${p.kind === 'removed' ? p.message : `no longer read by ${b.chart} ${to}`}${p.hint && p.kind === 'removed' ? `; ${p.hint}` : ''}` });
    }
    // Defaults that changed next to what the cluster sets: it relies on them.
    const set = [...leaves(values).keys()];
    const parents = new Set(set.map((p) => p.split('.').slice(0, -1).join('.')).filter(Boolean));
    for (const path of new Set([...oldDefaults.keys(), ...newDefaults.keys()])) {
      if (set.includes(path)) continue;
      const parent = path.split('.').slice(0, -1).join('.');
      if (!parents.has(parent)) continue;
      const x = oldDefaults.get(path);
      const y = newDefaults.get(path);
      if (JSON.stringify(x) !== JSON.stringify(y)) items.push({ kind: 'default', where, path: `values.${path}`, detail: `default ${show(x)} → ${show(y)}` });
    }
    // What the new schema requires of these values that the old one did not.
    const schemaB = b.schema ? loadContractSchema(dir, to) : undefined;
    if (schemaB) {
      const schemaA = a.schema ? loadContractSchema(dir, from) : undefined;
      const old = schemaA ? new Set(validate(schemaA, coalesce(a.defaults ?? {}, values)).diagnostics.map((d) => `${d.path} ${d.message}`)) : new Set<string>();
      for (const d of validate(schemaB, coalesce(b.defaults ?? {}, values), { pathPrefix: 'values' }).diagnostics) {
        if (old.has(`${d.path?.replace(/^values\.?/, '')} ${d.message}`) || old.has(`${d.path} ${d.message}`)) continue;
        if (d.code === 'VALUE_UNKNOWN_KEY') continue;
        items.push({ kind: 'required', where, path: d.path ?? 'values', detail: `the ${to} schema: ${d.message}` });
      }
    }
  }

  const crdsA = crdHashes(dir, from);
  const crdsB = crdHashes(dir, to);
  for (const file of [...new Set([...crdsA.keys(), ...crdsB.keys()])].sort()) {
    const x = crdsA.get(file);
    const y = crdsB.get(file);
    if (x === y) continue;
    items.push({ kind: 'crd', path: `crds/${file}`, detail: !x ? `added in ${to}` : !y ? `removed in ${to}` : `changed between ${from} and ${to}` });
  }
  items.push(...lifecycle(spec, b));
  return { component: spec.name, from, to, items, drops: items.some((i) => i.kind === 'removed' || i.kind === 'renamed') };
}

function lifecycle(spec: ComponentSpec, contract: ChartContract): DiffItem[] {
  const out: DiffItem[] = [];
  const life = spec.lifecycle;
  if (contract.deprecated || life?.deprecated) {
    out.push({
      kind: 'lifecycle',
      path: 'chart',
      detail: `${contract.chart} ${contract.version} is deprecated${life?.deprecated ? `: ${life.deprecated}` : ' (Chart.yaml)'}${life?.successor ? `; its successor is the \`${life.successor}\` component` : ''}`,
    });
  } else if (life?.successor) out.push({ kind: 'lifecycle', path: 'chart', detail: `superseded by the \`${life.successor}\` component` });
  for (const m of life?.moved ?? []) {
    const current = [spec.chart?.repository, spec.chart?.oci].filter(Boolean);
    out.push({
      kind: 'lifecycle',
      path: 'source',
      detail: `moved from ${m.from} to ${m.to}${m.since ? ` (since ${m.since})` : ''}${current.some((u) => u === m.from || u!.startsWith(m.from)) ? '; this component still points at the old place' : ''}`,
    });
  }
  return out;
}

/** The report as text, grouped by what it is about. */
export function formatDiff(report: DiffReport): string {
  const titles: Record<DiffItem['kind'], string> = {
    removed: 'Keys the cluster sets that were removed',
    renamed: 'Keys the cluster sets that were renamed',
    type: 'Keys the cluster sets whose type changed',
    default: 'Changed defaults under keys the cluster relies on',
    required: 'New schema requirements',
    crd: 'Changed CRDs',
    lifecycle: 'Deprecation and moves',
  };
  const lines = [`${report.component}: ${report.from} → ${report.to}`];
  for (const kind of Object.keys(titles) as DiffItem['kind'][]) {
    const list = report.items.filter((i) => i.kind === kind);
    if (list.length === 0) continue;
    lines.push('', `${titles[kind]}:`);
    for (const i of list) lines.push(`  - ${i.where ? `[${i.where}] ` : ''}${i.path}: ${i.detail}`);
  }
  if (report.items.length === 0) lines.push('', 'Nothing the clusters set or rely on changes.');
  return lines.join('\n');
}

/** The version of a component in a committed tree (its OCIRepository, HelmRepository chart or GitRepository tag). */
export function committedVersion(treeDir: string, instance: string): string | undefined {
  for (const file of ['app/ocirepository.yaml', 'app/helmrelease.yaml', 'gitrepository.yaml']) {
    const path = join(treeDir, instance, file);
    if (!existsSync(path)) continue;
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const o = (doc as unknown as { toJS(): unknown }).toJS() as { kind?: string; spec?: Record<string, any> } | null;
      const v = o?.spec?.['ref']?.tag ?? o?.spec?.['ref']?.semver ?? o?.spec?.['chart']?.spec?.version;
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/** The instances of a component in a rendered model, as diff input. */
export function instancesOf(cluster: string, components: readonly ComponentModel[], component: string): DiffInstance[] {
  return components.filter((c) => c.spec.name === component).map((c) => ({ where: `${cluster}/${c.name}`, values: c.helmValues }));
}
