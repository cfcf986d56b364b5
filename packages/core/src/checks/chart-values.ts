/**
 * Layer 2: the final Helm values (typed values mapped, `helmValues` merged over them) against the
 * contract of the pinned chart version (see charts/contract.ts and docs/charts.md).
 *
 * - `HELM_VALUE_UNKNOWN`: a key the contract does not know (not in values.yaml, the schema, the
 *   keys the templates read, or a subchart's own contract under its alias), with a hint from the
 *   keys allowed at that level, or the place the same key lives elsewhere in the chart.
 * - `HELM_VALUE_REMOVED`: a key the templates read only to `fail` (the chart removed it), naming the
 *   version and, where known, the replacement.
 * - `HELM_VALUE_INVALID`: the merged values against `values.schema.json`; on charts without one,
 *   a value whose type differs from its values.yaml default (a number stays a number, a boolean a
 *   boolean; a null or empty default accepts anything), or from a type the component declares.
 * - `acknowledge: [{ path, reason }]` on the instance accepts what the contract does not know, at
 *   and below `path`; an acknowledgement that accepts nothing is `HELM_ACK_UNUSED`.
 * - `CHART_DATA_MISSING`: no vendored data for the pinned version, or chart values on a component
 *   that vendors none. `CHART_VERSION_UNKNOWN`: a Git tag override in another format than the pin.
 *
 * Paths are chart value paths prefixed `values.` (as in the HelmRelease's `spec.values`).
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../errors.js';
import type { ClusterModel, ComponentModel } from '../model.js';
import { validate } from '../validate.js';
import { coalesce, walkValues } from '../values.js';
import { loadContract, loadContractSchema, vendoredVersions } from '../charts/contract.js';
import { contractProblems } from '../charts/problems.js';
import { ValidOnce } from '../memo.js';
import { EXACT_VERSION } from './policy.js';

/** An acknowledgement of a chart key, as a cluster writes it. */
export interface Acknowledgement {
  readonly path: string;
  readonly reason: string;
}

/** The acknowledgements of an instance (validated by the instance schema). */
export function acknowledgementsOf(c: ComponentModel): readonly Acknowledgement[] {
  const raw = c.input['acknowledge'];
  return Array.isArray(raw) ? (raw as Acknowledgement[]) : [];
}

/** Chart values already found valid against their chart's schema in this process, up to 10,000. */
const validValues = new ValidOnce(10_000);

/**
 * Chart values already found without a contract problem in this process, by the component's
 * contract options (a component's types and replacements change the verdict), up to 10,000 each.
 */
const withoutContractProblems = new WeakMap<object, ValidOnce>();
const NO_OPTIONS = {};
function withoutProblems(options: object): ValidOnce {
  const key = Object.keys(options).length === 0 ? NO_OPTIONS : options;
  let valid = withoutContractProblems.get(key);
  if (!valid) withoutContractProblems.set(key, (valid = new ValidOnce(10_000)));
  return valid;
}

/** Checks the final Helm values of every component against its chart contract. */
export function checkChartValues(model: ClusterModel): Diagnostic[] {
  return model.components.flatMap((c) => checkComponent(model, c));
}

function checkComponent(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const { chart, chartData } = c.spec;
  const base = { cluster: model.name, component: c.name };
  const overridden = typeof c.input['version'] === 'string';
  if (c.source.kind === 'GitRepository') return gitTag(model, c);
  if (!chart) return [];
  const version = c.source.version;
  const acks = acknowledgementsOf(c);
  if (!chartData) {
    // Nothing to check against: acceptable only while there is nothing to check.
    const keys = Object.keys(c.helmValues);
    if (keys.length === 0) return [];
    return [
      {
        ...base,
        code: 'CHART_DATA_MISSING',
        path: `values.${keys[0]}`,
        source: c.input['helmValues'] !== undefined ? model.source : `@fluxgen/${c.spec.name}`,
        message: `sets chart values, but @fluxgen/${c.spec.name} vendors no chart data for ${chart.name}, so they cannot be checked`,
        hint: `run \`fluxgen chart pull ${c.spec.name} ${version}\` and set \`chartData: new URL('../chart/', import.meta.url)\`, or drop the values`,
      },
    ];
  }
  // A range or tag has no data folder by nature; policy reports it (POLICY_VERSION_NOT_PINNED).
  if (!EXACT_VERSION.test(version)) return [];
  const contract = loadContract(chartData, version);
  if (!contract) {
    const dir = displayPath(chartData);
    const have = vendoredVersions(chartData);
    return [
      {
        ...base,
        code: 'CHART_DATA_MISSING',
        path: 'version',
        got: version,
        source: overridden ? model.source : `@fluxgen/${c.spec.name}`,
        message: `no chart data for ${chart.name} ${version}, so its values cannot be checked`,
        hint:
          `run \`npx fluxgen chart pull ${c.spec.name} ${version}\` (writes ${dir}/${version}/)` +
          (have.length > 0 ? `, or pin a vendored version: ${have.join(', ')}` : ''),
      },
    ];
  }

  // Which paths the cluster wrote itself (helmValues), and which the component mapped.
  const fromCluster = new Set<string>();
  walkValues(c.input['helmValues'], 'values', (n) => fromCluster.add(n.path));
  const where = (path: string) =>
    fromCluster.has(path)
      ? { source: model.source, origin: '' }
      : { source: `@fluxgen/${c.spec.name}`, origin: ' (set by the component from typed values: a bug in its mapping)' };

  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    if (seen.has(`${d.code} ${d.path}`)) return;
    seen.add(`${d.code} ${d.path}`);
    out.push(d);
  };

  const options = c.spec.chartContract ?? {};
  const unseen = (options.unseen ?? []).map((u) => u.path);
  const used = new Set<number>();
  const covers = (prefix: string, dotted: string) => dotted === prefix || dotted.startsWith(`${prefix}.`);
  const accepted = (dotted: string) => {
    if (unseen.some((u) => covers(u, dotted))) return true;
    const i = acks.findIndex((a) => covers(stripValues(a.path), dotted));
    if (i < 0) return false;
    used.add(i);
    return true;
  };
  // With nothing acknowledged, the verdict depends on the values, the contract and the
  // component's contract options alone: values found without a problem are not walked again.
  const found =
    acks.length === 0 && unseen.length === 0
      ? withoutProblems(options).problems(contract, c.helmValues, () => contractProblems(c.helmValues, contract, options))
      : contractProblems(c.helmValues, contract, { ...options, accepted });
  for (const p of found) {
    const { source, origin } = where(p.path);
    const ackHint = `; if the chart reads it anyway, acknowledge it on the instance: acknowledge: [{ path: '${p.dotted}', reason: '…' }]`;
    push({
      ...base,
      code: p.kind === 'unknown' ? 'HELM_VALUE_UNKNOWN' : p.kind === 'removed' ? 'HELM_VALUE_REMOVED' : 'HELM_VALUE_INVALID',
      path: p.path,
      source,
      message: `${p.message}${origin}`,
      ...(p.got !== undefined ? { got: p.got } : {}),
      hint: `${p.hint ?? (p.kind === 'type' ? 'give the value the type the chart expects' : 'remove the key')}${p.kind === 'removed' ? '' : ackHint}`,
    });
  }
  acks.forEach((a, i) => {
    if (used.has(i)) return;
    push({
      ...base,
      code: 'HELM_ACK_UNUSED',
      path: `acknowledge[${i}]`,
      got: a.path,
      source: model.source,
      message: `acknowledges a key that chart ${chart.name} ${version} already accepts, or that is not set`,
      hint: 'remove the acknowledgement: it would hide a future mistake at that path',
    });
  });

  const schema = contract.schema ? loadContractSchema(chartData, version) : undefined;
  if (schema) {
    // The schema is one chart version's, and so are the defaults merged under the values: the
    // verdict depends on the values alone.
    const problems = validValues.problems(schema, c.helmValues, () =>
      validate(schema, coalesce(contract.defaults ?? {}, c.helmValues), {
        ...base,
        pathPrefix: 'values',
        invalidCode: 'HELM_VALUE_INVALID',
        unknownKeyCode: 'HELM_VALUE_UNKNOWN',
      }).diagnostics,
    );
    for (const d of problems) {
      const dotted = stripValues(d.path ?? '');
      if (d.code === 'HELM_VALUE_UNKNOWN' && accepted(dotted)) continue;
      // A missing value was set by nobody: it belongs to whoever wrote the object that lacks it.
      const { source, origin } = where(d.code === 'VALUE_MISSING' ? parentPath(d.path ?? '') : (d.path ?? ''));
      push({
        ...d,
        code: d.code === 'VALUE_MISSING' ? 'HELM_VALUE_INVALID' : d.code,
        message: `${d.message}${d.code === 'VALUE_MISSING' ? ' by the chart' : ''}${origin}`,
        source,
      });
    }
  }
  return out;
}

/** `values.a.b` → `values.a`, `values.list[0]` → `values.list`. */
function parentPath(path: string): string {
  return path.replace(/(\.[^.[]+|\[[^\]]*\])$/, '');
}

/** `values.a.b` or `a.b` → `a.b`. */
function stripValues(path: string): string {
  return path.replace(/^values\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/**
 * A Git tag override must have the shape of the pinned tag (same prefix, same `v`): `1.6.1` for a
 * component pinned at `v1.6.1` names no release.
 */
function gitTag(model: ClusterModel, c: ComponentModel): Diagnostic[] {
  const pinned = c.spec.git?.tag;
  const version = c.source.version;
  if (!pinned || typeof c.input['version'] !== 'string' || version === pinned) return [];
  const prefix = (tag: string) => /^(.*?)\d/.exec(tag)?.[1] ?? '';
  if (prefix(version) === prefix(pinned) || !/\d/.test(version)) return [];
  const fixed = `${prefix(pinned)}${version.slice(prefix(version).length)}`;
  return [
    {
      cluster: model.name,
      component: c.name,
      code: 'CHART_VERSION_UNKNOWN',
      path: 'version',
      got: version,
      source: model.source,
      message: `is not a release tag of ${c.spec.git!.url}: its tags look like "${pinned}"`,
      hint: `did you mean "${fixed}"?`,
    },
  ];
}

/** A folder as a person finds it: relative to the working directory when inside it. */
function displayPath(dir: URL): string {
  const abs = fileURLToPath(dir).replace(/[\\/]$/, '');
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') ? rel : abs).split(sep).join('/');
}

