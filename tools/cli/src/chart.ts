/**
 * `fluxgen chart pull|diff`: vendor a chart version into a component package, and report what a
 * version change means for the clusters that use the component. See docs/charts.md.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import pc from 'picocolors';
import { buildModel, FluxgenError, isClusterDefinition, type ComponentSpec } from '@fluxgen/core';
import { committedVersion, diffChart, formatDiff, instancesOf, type DiffInstance } from './chart-diff.js';
import { selectClusters } from './generate.js';

/** The component spec exported by `packages/<component>/src/index.ts`. */
export async function componentSpec(root: string, component: string): Promise<ComponentSpec> {
  const entry = join(root, 'packages', component, 'src', 'index.ts');
  if (existsSync(entry)) {
    const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const spec = (value as { spec?: ComponentSpec } | undefined)?.spec;
      if (typeof value === 'function' && spec?.name === component) return spec;
    }
  }
  throw new FluxgenError([
    {
      code: 'CHART_DATA_MISSING',
      component,
      path: `packages/${component}`,
      message: 'is not a component package',
      hint: 'name a folder under packages/ whose index.ts exports the component',
    },
  ]);
}

/** Every cluster instance of a component, with the cluster's folder. */
async function instances(root: string, clusters: readonly string[], component: string): Promise<{ dir: string; items: DiffInstance[]; versions: Map<string, string> }[]> {
  const out: { dir: string; items: DiffInstance[]; versions: Map<string, string> }[] = [];
  for (const dir of selectClusters(root, clusters)) {
    const def = ((await import(pathToFileURL(join(root, dir, 'cluster.ts')).href)) as { default?: unknown }).default;
    if (!isClusterDefinition(def)) continue;
    const model = buildModel(def, { dir: dir.split(sep).join('/') });
    const items = instancesOf(model.name, model.components, component);
    const versions = new Map(model.components.filter((c) => c.spec.name === component).map((c) => [c.name, c.source.version]));
    if (items.length > 0) out.push({ dir, items, versions });
  }
  return out;
}

/** Adds `chart pull` and `chart diff` to the program; `setCode` records the exit code. */
export function registerChartCommands(program: Command, defaultRoot: string, setCode: (code: number) => void): void {
  const chart = program.command('chart').description('vendor chart versions and compare them');
  chart
    .command('pull')
    .description('download a chart version into packages/<component>/chart/<version>/')
    .argument('<component>', 'component package name')
    .argument('[version]', 'exact chart version (default: the newest stable one)')
    .option('--repository <url>', 'HTTP(S) Helm repository (default: the component\'s)')
    .option('--oci <url>', 'OCI chart reference oci://<registry>/<path>/<chart> (default: the component\'s)')
    .option('--chart <name>', 'chart name in the repository (default: the component\'s)')
    .option('--root <dir>', 'workspace root', defaultRoot)
    .action(async (component: string, version: string | undefined, opts: { repository?: string; oci?: string; chart?: string; root: string }) => {
      // Loaded only for `chart pull` (it brings an HTTP client and tar).
      const { pullChart } = await import('./chart-pull.js');
      const result = await pullChart({ ...opts, component, ...(version ? { version } : {}) });
      console.log(`${pc.bold(component)}: ${result.version} vendored into ${result.folder} (${result.files.length} files)`);
    });
  chart
    .command('diff')
    .description('what a version change means for the clusters that use a component; exit 1 when a set key would be dropped')
    .argument('<component>', 'component package name')
    .argument('[from]', 'vendored version (default with --cluster: the committed tree\'s)')
    .argument('[to]', 'vendored version (default with --cluster: cluster.ts\'s)')
    .option('--cluster <names...>', 'clusters whose values to check (default: all that use the component)')
    .option('--root <dir>', 'workspace root', defaultRoot)
    .action(async (component: string, from: string | undefined, to: string | undefined, opts: { cluster?: string[]; root: string }) => {
      const spec = await componentSpec(opts.root, component);
      const found = await instances(opts.root, opts.cluster ?? [], component);
      const reports = [];
      if (from && to) reports.push(diffChart(spec, from, to, found.flatMap((f) => f.items)));
      else {
        // The version change in cluster.ts against the committed tree, per instance.
        for (const f of found) {
          for (const item of f.items) {
            const name = item.where.split('/')[1]!;
            const before = committedVersion(join(opts.root, f.dir, 'flux', 'infra'), name);
            const after = to ?? f.versions.get(name)!;
            const start = from ?? before;
            if (!start || start === after) {
              console.log(`${item.where}: ${after}${start ? ' (unchanged)' : ' (not generated yet)'}`);
              continue;
            }
            reports.push(diffChart(spec, start, after, [item]));
          }
        }
      }
      for (const r of reports) console.log(formatDiff(r));
      if (reports.some((r) => r.drops)) {
        console.error(`${pc.red('CHART_UPGRADE_DROPS_KEYS')} a key a cluster sets is not read by the new version; move it (see above) before upgrading`);
        setCode(1);
      }
    });
}
