/**
 * `fluxgen chart pull <component> [version]`: downloads a chart version and vendors what fluxgen
 * checks values against into `packages/<component>/chart/<version>/`: Chart.yaml, values.yaml,
 * values.schema.json, the CRDs, the harvested template keys (and the same for each subchart under
 * `charts/<name>/`), `contract.json`, and a SOURCE.md with URL, digest, date and license.
 *
 * From an HTTP Helm repository (`index.yaml`, then the `.tgz`, checked against the index digest),
 * or from an OCI registry (the Helm chart artifact: manifest, then the chart layer blob, each
 * checked against its digest). Without a version, the newest stable one (no prerelease).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { x as extract } from 'tar';
import { parse } from 'yaml';
import { FluxgenError, type Diagnostic } from '@fluxgen/core';
import {
  buildContract,
  compareVersions,
  CONTRACT_FILE,
  formatTemplateKeys,
  harvestTemplateKeys,
  serializeContract,
} from '@fluxgen/core/charts';

export interface PullOptions {
  /** Workspace root. */
  readonly root: string;
  readonly component: string;
  /** Exact version; newest stable when absent. */
  readonly version?: string;
  /** Chart name in the repository (default: the component's `chart.name`). */
  readonly chart?: string;
  /** HTTP(S) Helm repository URL (default: the component's `chart.repository`). */
  readonly repository?: string;
  /** `oci://registry/path/chart` (default: the component's `chart.oci`, when it has no repository). */
  readonly oci?: string;
  /** The day written to SOURCE.md (default: today, UTC). */
  readonly date?: string;
}

export interface PullResult {
  readonly version: string;
  /** Folder written, relative to the root. */
  readonly folder: string;
  readonly files: readonly string[];
}

interface ChartRefLike {
  readonly name: string;
  readonly version: string;
  readonly repository?: string;
  readonly oci?: string;
}

/** The component's chart reference, read from its package (`packages/<component>/src/index.ts`). */
async function chartOf(root: string, component: string): Promise<ChartRefLike | undefined> {
  const entry = join(root, 'packages', component, 'src', 'index.ts');
  if (!existsSync(entry)) return undefined;
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  for (const value of Object.values(mod)) {
    const spec = (value as { spec?: { name?: string; chart?: ChartRefLike } } | undefined)?.spec;
    if (typeof value === 'function' && spec?.name === component && spec.chart) return spec.chart;
  }
  return undefined;
}

const fail = (d: Omit<Diagnostic, 'code'> & { code: Diagnostic['code'] }): never => {
  throw new FluxgenError([d]);
};

async function get(url: string, what: string, headers: Record<string, string> = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow' });
  } catch (error) {
    return fail({
      code: 'CHART_PULL_UNREACHABLE',
      path: url,
      message: `${what} is unreachable (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`,
      hint: 'check the URL and the network; a mirror can be given with --repository or --oci',
    });
  }
  return response;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Picks the requested version, or the newest stable one. */
function pick(versions: readonly string[], wanted: string | undefined, where: string): string {
  if (wanted !== undefined) {
    if (versions.includes(wanted)) return wanted;
    const near = [...versions].sort(compareVersions).reverse().slice(0, 5);
    return fail({
      code: 'CHART_PULL_VERSION_MISSING',
      path: where,
      got: wanted,
      message: 'has no such chart version',
      hint: near.length > 0 ? `newest versions there: ${near.join(', ')}` : 'the repository lists no version of this chart',
    });
  }
  const stable = versions.filter((v) => !/-/.test(v.replace(/^v/, ''))).sort(compareVersions);
  const newest = stable[stable.length - 1];
  if (!newest) return fail({ code: 'CHART_PULL_VERSION_MISSING', path: where, message: 'lists no stable version of this chart', hint: 'name a version' });
  return newest;
}

interface Download {
  readonly version: string;
  readonly archive: Uint8Array;
  readonly url: string;
  readonly digest: string;
}

async function fromHttp(repository: string, chart: string, wanted: string | undefined): Promise<Download> {
  const base = repository.endsWith('/') ? repository : `${repository}/`;
  const indexUrl = new URL('index.yaml', base).href;
  const res = await get(indexUrl, 'the Helm repository index');
  if (!res.ok) {
    fail({ code: 'CHART_PULL_UNREACHABLE', path: indexUrl, message: `answered HTTP ${res.status}`, hint: 'is this a Helm repository (it needs an index.yaml)?' });
  }
  const index = parse(await res.text()) as { entries?: Record<string, { version: string; urls: string[]; digest?: string }[]> };
  const entries = index?.entries?.[chart] ?? [];
  const version = pick(
    entries.map((e) => e.version),
    wanted,
    `${base} ${chart}`,
  );
  const entry = entries.find((e) => e.version === version)!;
  const url = new URL(entry.urls[0]!, base).href;
  const tgz = await get(url, 'the chart archive');
  if (!tgz.ok) fail({ code: 'CHART_PULL_UNREACHABLE', path: url, message: `answered HTTP ${tgz.status}` });
  const archive = new Uint8Array(await tgz.arrayBuffer());
  const digest = sha256(archive);
  if (entry.digest && entry.digest.replace(/^sha256:/, '') !== digest) {
    fail({
      code: 'CHART_PULL_DIGEST_MISMATCH',
      path: url,
      got: `sha256:${digest}`,
      message: `does not match the digest in index.yaml (sha256:${entry.digest.replace(/^sha256:/, '')})`,
      hint: 'the archive was changed or corrupted on the way; nothing was written',
    });
  }
  return { version, archive, url, digest: `sha256:${digest}` };
}

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** A minimal OCI distribution client: anonymous bearer tokens, tags, manifest, one blob. */
async function fromOci(reference: string, wanted: string | undefined): Promise<Download> {
  const rest = reference.replace(/^oci:\/\//, '');
  const slash = rest.indexOf('/');
  const host = rest.slice(0, slash);
  const repo = rest.slice(slash + 1);
  const plain = /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host);
  const registry = `${plain ? 'http' : 'https'}://${host}/v2/${repo}`;
  let token: string | undefined;
  const call = async (url: string, what: string, accept?: string): Promise<Response> => {
    const headers: Record<string, string> = { ...(accept ? { accept } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    let res = await get(url, what, headers);
    const challenge = res.headers.get('www-authenticate');
    if (res.status === 401 && challenge?.startsWith('Bearer ')) {
      const params = Object.fromEntries([...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      const tokenUrl = new URL(params['realm']!);
      if (params['service']) tokenUrl.searchParams.set('service', params['service']);
      tokenUrl.searchParams.set('scope', params['scope'] ?? `repository:${repo}:pull`);
      const t = await get(tokenUrl.href, 'the registry token service');
      const body = (await t.json().catch(() => ({}))) as { token?: string; access_token?: string };
      token = body.token ?? body.access_token;
      res = await get(url, what, { ...(accept ? { accept } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) });
    }
    return res;
  };
  let version = wanted;
  if (version === undefined) {
    const tags = await call(`${registry}/tags/list`, 'the registry tag list');
    if (!tags.ok) fail({ code: 'CHART_PULL_UNREACHABLE', path: reference, message: `tag list answered HTTP ${tags.status}` });
    const list = ((await tags.json()) as { tags?: string[] }).tags ?? [];
    // OCI tags cannot hold `+`: Helm writes `_` instead.
    version = pick(list.map((t) => t.replace(/_/g, '+')), undefined, reference);
  }
  const tag = version.replace(/\+/g, '_');
  const manifestUrl = `${registry}/manifests/${tag}`;
  const res = await call(manifestUrl, 'the chart manifest', MANIFEST_TYPES);
  if (res.status === 404) {
    const tags = await call(`${registry}/tags/list`, 'the registry tag list');
    const list = tags.ok ? (((await tags.json()) as { tags?: string[] }).tags ?? []) : [];
    pick(list, version, reference);
  }
  if (!res.ok) fail({ code: 'CHART_PULL_UNREACHABLE', path: manifestUrl, message: `answered HTTP ${res.status}` });
  const manifestBytes = new Uint8Array(await res.arrayBuffer());
  const declared = res.headers.get('docker-content-digest');
  const manifestDigest = `sha256:${sha256(manifestBytes)}`;
  if (declared && declared !== manifestDigest) {
    fail({ code: 'CHART_PULL_DIGEST_MISMATCH', path: manifestUrl, got: manifestDigest, message: `does not match the digest the registry declares (${declared})` });
  }
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as { layers?: { mediaType: string; digest: string }[] };
  const layer = manifest.layers?.find((l) => l.mediaType === HELM_LAYER);
  if (!layer) {
    return fail({ code: 'CHART_PULL_NO_VALUES', path: manifestUrl, message: 'is not a Helm chart artifact (no chart content layer)', hint: 'point --oci at the chart itself: oci://<registry>/<path>/<chart>' });
  }
  const blobUrl = `${registry}/blobs/${layer.digest}`;
  const blob = await call(blobUrl, 'the chart layer');
  if (!blob.ok) fail({ code: 'CHART_PULL_UNREACHABLE', path: blobUrl, message: `answered HTTP ${blob.status}` });
  const archive = new Uint8Array(await blob.arrayBuffer());
  const digest = `sha256:${sha256(archive)}`;
  if (digest !== layer.digest) {
    fail({
      code: 'CHART_PULL_DIGEST_MISMATCH',
      path: blobUrl,
      got: digest,
      message: `does not match the layer digest in the manifest (${layer.digest})`,
      hint: 'the blob was changed or corrupted on the way; nothing was written',
    });
  }
  return { version, archive, url: `${reference}:${tag}`, digest: `${digest} (manifest ${manifestDigest})` };
}

/** All files under `dir`, relative, `/`-separated. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Unpacks a chart archive into a fresh folder and returns the chart's own folder in it. */
async function unpack(archive: Uint8Array, into: string): Promise<string> {
  const file = join(into, 'chart.tgz');
  writeFileSync(file, archive);
  const out = join(into, 'x');
  mkdirSync(out);
  await extract({ file, cwd: out, strict: true });
  const top = readdirSync(out).filter((n) => statSync(join(out, n)).isDirectory());
  return join(out, top.find((n) => existsSync(join(out, n, 'Chart.yaml'))) ?? top[0] ?? '');
}

/** A license name from Chart.yaml annotations or the chart's LICENSE file. */
function licenseOf(chartDir: string, chart: Record<string, unknown>): string {
  const annotations = (chart['annotations'] ?? {}) as Record<string, string>;
  if (annotations['artifacthub.io/license']) return annotations['artifacthub.io/license'];
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((n) => join(chartDir, n)).find(existsSync);
  if (!file) return 'not stated in the chart';
  const text = readFileSync(file, 'utf8');
  if (/Apache License[\s\S]*Version 2\.0/.test(text)) return 'Apache-2.0';
  if (/MIT License|Permission is hereby granted, free of charge/.test(text)) return 'MIT';
  if (/GNU AFFERO GENERAL PUBLIC LICENSE/.test(text)) return 'AGPL-3.0';
  return `see ${relative(chartDir, file)} in the chart`;
}

/** Writes a chart folder's contract inputs (and its subcharts', recursively one level) into `dest`. */
async function vendorChart(chartDir: string, dest: string, scratch: string, written: string[], top: boolean): Promise<Record<string, unknown>> {
  const chartText = readFileSync(join(chartDir, 'Chart.yaml'), 'utf8');
  const chart = (parse(chartText) ?? {}) as Record<string, unknown>;
  const valuesFile = join(chartDir, 'values.yaml');
  if (top && !existsSync(valuesFile)) {
    fail({
      code: 'CHART_PULL_NO_VALUES',
      path: `${String(chart['name'])} ${String(chart['version'])}`,
      message: 'has no values.yaml, so there is no contract to check values against',
      hint: 'a chart without values takes no settings: use the component without helmValues, or check the chart name',
    });
  }
  const put = (rel: string, data: string | Uint8Array) => {
    mkdirSync(dirname(join(dest, rel)), { recursive: true });
    writeFileSync(join(dest, rel), data);
    written.push(rel);
  };
  put('Chart.yaml', chartText);
  if (existsSync(valuesFile)) put('values.yaml', readFileSync(valuesFile));
  if (existsSync(join(chartDir, 'values.schema.json'))) put('values.schema.json', readFileSync(join(chartDir, 'values.schema.json')));
  if (top) for (const crd of listFiles(join(chartDir, 'crds'))) put(`crds/${crd}`, readFileSync(join(chartDir, 'crds', crd)));
  const templates = listFiles(join(chartDir, 'templates'))
    .filter((f) => /\.(ya?ml|tpl|txt|json)$/.test(f))
    .map((f) => ({ path: `templates/${f}`, text: readFileSync(join(chartDir, 'templates', f), 'utf8') }));
  const deps = (chart['dependencies'] ?? []) as { name: string; condition?: string }[];
  put(
    'template-keys.txt',
    formatTemplateKeys(harvestTemplateKeys(templates), {
      chart: String(chart['name']),
      version: String(chart['version']),
      files: templates.length,
      conditions: deps.flatMap((d) => (d.condition ? d.condition.split(',').map((c) => c.trim()) : [])),
    }),
  );
  if (top) {
    // Subcharts ship as folders or as archives under charts/.
    const subDir = join(chartDir, 'charts');
    for (const name of existsSync(subDir) ? readdirSync(subDir).sort() : []) {
      let sub = join(subDir, name);
      if (name.endsWith('.tgz')) {
        const tmp = mkdtempSync(join(scratch, 'sub-'));
        sub = await unpack(readFileSync(sub), tmp);
      }
      if (!existsSync(join(sub, 'Chart.yaml'))) continue;
      const subChart = (parse(readFileSync(join(sub, 'Chart.yaml'), 'utf8')) ?? {}) as { name?: string };
      const subWritten: string[] = [];
      await vendorChart(sub, join(dest, 'charts', subChart.name ?? name), scratch, subWritten, false);
      written.push(...subWritten.map((f) => `charts/${subChart.name ?? name}/${f}`));
    }
  }
  return chart;
}

/** Downloads and vendors one chart version. Writes nothing on any error. */
export async function pullChart(options: PullOptions): Promise<PullResult> {
  const ref = await chartOf(options.root, options.component);
  if (!ref && !options.repository && !options.oci) {
    fail({
      code: 'CHART_PULL_UNREACHABLE',
      path: `packages/${options.component}`,
      message: 'is not a component package with a chart, so there is no source to pull from',
      hint: 'name a folder under packages/ whose component declares `chart`, or give --repository/--oci and --chart',
    });
  }
  const chart = options.chart ?? ref?.name ?? options.component;
  const oci = options.oci ?? (options.repository ? undefined : ref?.repository ? undefined : ref?.oci);
  const repository = options.repository ?? ref?.repository;
  const download = oci ? await fromOci(oci, options.version) : await fromHttp(repository!, chart, options.version);

  const folderRel = join('packages', options.component, 'chart', download.version);
  const dest = join(options.root, folderRel);
  if (existsSync(dest)) {
    fail({
      code: 'FILE_NOT_OWNED',
      path: folderRel.split(sep).join('/'),
      message: 'already exists; fluxgen does not overwrite vendored chart data',
      hint: 'remove the folder first if you mean to vendor it again',
    });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'fluxgen-pull-'));
  const staging = join(scratch, 'out');
  try {
    let chartDir: string;
    try {
      chartDir = await unpack(download.archive, scratch);
    } catch (error) {
      return fail({ code: 'CHART_PULL_DIGEST_MISMATCH', path: download.url, message: `is not a readable chart archive (${(error as Error).message})` });
    }
    const written: string[] = [];
    const chartYaml = await vendorChart(chartDir, staging, scratch, written, true);
    const date = options.date ?? new Date().toISOString().slice(0, 10);
    const source = [
      `# Chart data: ${String(chartYaml['name'])} ${download.version}`,
      '',
      'Vendored by `fluxgen chart pull`: the files are copied unchanged out of the chart archive, except',
      '`template-keys.txt` (harvested from its templates) and `contract.json` (built from the others).',
      '',
      '| Field | Value |',
      '|---|---|',
      `| URL | ${download.url} |`,
      `| Digest | \`${download.digest}\` |`,
      `| Date | ${date} |`,
      `| License | ${licenseOf(chartDir, chartYaml)} |`,
      '',
    ].join('\n');
    writeFileSync(join(staging, 'SOURCE.md'), source);
    written.push('SOURCE.md');
    // Into place in one step: a failure above leaves the package untouched.
    mkdirSync(dirname(dest), { recursive: true });
    const { renameSync, cpSync } = await import('node:fs');
    try {
      renameSync(staging, dest);
    } catch {
      cpSync(staging, dest, { recursive: true });
    }
    const dataDir = pathToFileURL(`${join(options.root, 'packages', options.component, 'chart')}/`);
    writeFileSync(join(dest, CONTRACT_FILE), serializeContract(buildContract(dataDir, download.version)));
    written.push(CONTRACT_FILE);
    return { version: download.version, folder: folderRel.split(sep).join('/'), files: written.sort() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
