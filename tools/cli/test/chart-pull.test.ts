/**
 * `fluxgen chart pull` and `fluxgen chart diff` against a Helm repository and an OCI registry that
 * this test serves on 127.0.0.1, with fixture charts it builds itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../src/index.js';
import { snapshot, tempWorkspace } from './workspace.js';

const workspaces: (() => void)[] = [];
afterAll(() => workspaces.forEach((d) => d()));

/** Builds `<name>-<version>.tgz` of a chart folder laid out as `helm package` does. */
async function buildChart(dir: string, name: string, version: string, opts: { values?: string | null; keys?: string; sub?: boolean } = {}): Promise<Buffer> {
  const src = join(dir, `${name}-${version}`);
  const chart = join(src, name);
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(
    join(chart, 'Chart.yaml'),
    `apiVersion: v2\nname: ${name}\nversion: ${version}\nannotations:\n  artifacthub.io/license: Apache-2.0\n` +
      (opts.sub ? 'dependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n' : ''),
  );
  if (opts.values !== null) writeFileSync(join(chart, 'values.yaml'), opts.values ?? 'replicas: 1\nimage:\n  tag: ""\nmode: old\n');
  writeFileSync(
    join(chart, 'templates', 'deployment.yaml'),
    opts.keys ??
      'replicas: {{ .Values.replicas }}\nimage: {{ .Values.image.tag }}\nmode: {{ .Values.mode }}\nextra: {{ toYaml .Values.extra }}\n{{ if .Values.legacy }}{{ fail "legacy was removed" }}{{ end }}\n',
  );
  mkdirSync(join(chart, 'crds'), { recursive: true });
  writeFileSync(join(chart, 'crds', 'widgets.yaml'), `kind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com # ${version}\n`);
  if (opts.sub) {
    mkdirSync(join(chart, 'charts', 'sub', 'templates'), { recursive: true });
    writeFileSync(join(chart, 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'charts', 'sub', 'values.yaml'), 'port: 80\n');
    writeFileSync(join(chart, 'charts', 'sub', 'templates', 'svc.yaml'), 'port: {{ .Values.port }}\n');
  }
  const file = join(dir, `${name}-${version}.tgz`);
  await createTar({ gzip: true, cwd: src, file, portable: true }, [name]);
  return readFileSync(file);
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Served {
  readonly url: string;
  readonly hits: string[];
  close(): Promise<void>;
}

async function serve(routes: Record<string, { body: Buffer | string; headers?: Record<string, string>; status?: number }>, auth = false): Promise<Served> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    hits.push(path);
    if (auth && path.startsWith('/v2/') && req.headers.authorization !== 'Bearer t0k3n') {
      const port = (server.address() as AddressInfo).port;
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test",scope="repository:charts/demo:pull"` });
      res.end();
      return;
    }
    if (path === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: 't0k3n' }));
      return;
    }
    const route = routes[path];
    if (!route) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(route.status ?? 200, route.headers ?? {});
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  try {
    return { code: await run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

let root: string;
let helm: Served;
let oci: Served;
let charts: Record<string, Buffer>;

beforeAll(async () => {
  const ws = tempWorkspace();
  workspaces.push(ws.dispose);
  root = ws.root;
  const build = join(root, 'build');
  mkdirSync(build);
  charts = {
    '1.0.0': await buildChart(build, 'demo', '1.0.0'),
    '1.1.0': await buildChart(build, 'demo', '1.1.0', {
      values: 'replicas: 1\nimage:\n  tag: ""\nstrategy: Recreate\n',
      keys: 'replicas: {{ .Values.replicas }}\nimage: {{ .Values.image.tag }}\nstrategy: {{ .Values.strategy }}\n{{ if .Values.mode }}{{ fail "mode was removed: use strategy" }}{{ end }}\n',
      sub: true,
    }),
    '2.0.0-rc.1': await buildChart(build, 'demo', '2.0.0-rc.1'),
    bare: await buildChart(build, 'bare', '0.1.0', { values: null }),
  };
  const entry = (name: string, version: string, file: Buffer, digest = sha(file)) => ({ name, version, digest, urls: [`charts/${name}-${version}.tgz`] });
  const index = {
    apiVersion: 'v1',
    entries: {
      demo: [entry('demo', '2.0.0-rc.1', charts['2.0.0-rc.1']!), entry('demo', '1.1.0', charts['1.1.0']!), entry('demo', '1.0.0', charts['1.0.0']!)],
      tampered: [{ ...entry('demo', '1.0.0', charts['1.0.0']!, sha('something else')), name: 'tampered' }],
      bare: [entry('bare', '0.1.0', charts['bare']!)],
    },
  };
  helm = await serve({
    '/index.yaml': { body: JSON.stringify(index) },
    '/charts/demo-1.0.0.tgz': { body: charts['1.0.0']! },
    '/charts/demo-1.1.0.tgz': { body: charts['1.1.0']! },
    '/charts/demo-2.0.0-rc.1.tgz': { body: charts['2.0.0-rc.1']! },
    '/charts/bare-0.1.0.tgz': { body: charts['bare']! },
  });
  // An OCI registry with the Helm chart artifact of 1.1.0, behind an anonymous bearer token.
  const config = Buffer.from('{"name":"demo","version":"1.1.0"}');
  const layer = charts['1.1.0']!;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: `sha256:${sha(config)}`, size: config.length },
      layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: `sha256:${sha(layer)}`, size: layer.length }],
    }),
  );
  const badManifest = Buffer.from(manifest.toString().replace(sha(layer), sha('other')));
  oci = await serve(
    {
      '/v2/charts/demo/tags/list': { body: JSON.stringify({ name: 'charts/demo', tags: ['1.0.0', '1.1.0', '2.0.0-rc.1'] }) },
      '/v2/charts/demo/manifests/1.1.0': { body: manifest, headers: { 'docker-content-digest': `sha256:${sha(manifest)}`, 'content-type': 'application/vnd.oci.image.manifest.v1+json' } },
      '/v2/charts/demo/manifests/1.0.0': { body: badManifest },
      [`/v2/charts/demo/blobs/sha256:${sha(layer)}`]: { body: layer },
      [`/v2/charts/demo/blobs/sha256:${sha('other')}`]: { body: layer },
    },
    true,
  );
  return async () => {
    await helm.close();
    await oci.close();
  };
}, 120_000);

describe('fluxgen chart pull', () => {
  it('takes the newest stable version from a Helm repository and vendors its contract inputs', async () => {
    const r = await cli(['chart', 'pull', 'demo', '--repository', `${helm.url}/`, '--chart', 'demo', '--root', root]);
    expect(r.code, r.err).toBe(0);
    const dir = join(root, 'packages/demo/chart/1.1.0');
    expect(Object.keys(snapshot(dir)).sort()).toEqual([
      'Chart.yaml',
      'SOURCE.md',
      'charts/sub/Chart.yaml',
      'charts/sub/template-keys.txt',
      'charts/sub/values.yaml',
      'contract.json',
      'crds/widgets.yaml',
      'template-keys.txt',
      'values.yaml',
    ]);
    const source = readFileSync(join(dir, 'SOURCE.md'), 'utf8');
    expect(source).toContain(`| URL | ${helm.url}/charts/demo-1.1.0.tgz |`);
    expect(source).toContain(`| Digest | \`sha256:${sha(charts['1.1.0']!)}\` |`);
    expect(source).toMatch(/\| Date \| \d{4}-\d{2}-\d{2} \|/);
    expect(source).toContain('| License | Apache-2.0 |');
    const keys = readFileSync(join(dir, 'template-keys.txt'), 'utf8');
    expect(keys).toContain('read only by validation checks that call fail (setting them may be required, or may abort the render): mode.');
    expect(keys).toContain('Chart.yaml dependency conditions (read by Helm, not by templates): sub.enabled.');
    const contract = JSON.parse(readFileSync(join(dir, 'contract.json'), 'utf8'));
    expect(contract.subcharts).toEqual([{ alias: 'sub', chart: 'sub', version: '0.1.0' }]);
    expect(contract.tree.c.sub.c.port).toEqual({ t: 'n' });
  });

  it('pulls an exact version from an OCI registry (token, manifest and layer digests checked)', async () => {
    const ws = tempWorkspace();
    workspaces.push(ws.dispose);
    const r = await cli(['chart', 'pull', 'demo', '1.1.0', '--oci', `oci://${oci.url.replace('http://', '')}/charts/demo`, '--root', ws.root]);
    expect(r.code, r.err).toBe(0);
    expect(oci.hits).toContain('/token');
    expect(readFileSync(join(ws.root, 'packages/demo/chart/1.1.0/SOURCE.md'), 'utf8')).toContain(`sha256:${sha(charts['1.1.0']!)}`);
  });

  it.each([
    ['an unreachable registry', ['--repository', 'http://127.0.0.1:9/', '--chart', 'demo'], 'CHART_PULL_UNREACHABLE'],
    ['a missing version', ['9.9.9', '--repository', 'HELM', '--chart', 'demo'], 'CHART_PULL_VERSION_MISSING'],
    ['a digest mismatch in index.yaml', ['--repository', 'HELM', '--chart', 'tampered'], 'CHART_PULL_DIGEST_MISMATCH'],
    ['a layer digest mismatch in the registry', ['1.0.0', '--oci', 'OCI'], 'CHART_PULL_DIGEST_MISMATCH'],
    ['a missing version in the registry', ['3.0.0', '--oci', 'OCI'], 'CHART_PULL_VERSION_MISSING'],
    ['a chart without values', ['--repository', 'HELM', '--chart', 'bare'], 'CHART_PULL_NO_VALUES'],
  ])('%s is a coded error, and nothing is written', async (_name, args, code) => {
    const ws = tempWorkspace();
    workspaces.push(ws.dispose);
    const resolved = args.map((a) => (a === 'HELM' ? `${helm.url}/` : a === 'OCI' ? `oci://${oci.url.replace('http://', '')}/charts/demo` : a));
    const r = await cli(['chart', 'pull', 'demo', ...resolved, '--root', ws.root]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(code);
    expect(existsSync(join(ws.root, 'packages'))).toBe(false);
  });

  it('never overwrites a vendored version', async () => {
    const before = snapshot(join(root, 'packages/demo/chart/1.1.0'));
    const r = await cli(['chart', 'pull', 'demo', '1.1.0', '--repository', `${helm.url}/`, '--chart', 'demo', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('FILE_NOT_OWNED');
    expect(snapshot(join(root, 'packages/demo/chart/1.1.0'))).toEqual(before);
  });
});

describe('fluxgen chart diff', () => {
  it('reports removed keys, changed CRDs and defaults for a cluster, and exits 1 when a set key is dropped', async () => {
    expect((await cli(['chart', 'pull', 'demo', '1.0.0', '--repository', `${helm.url}/`, '--chart', 'demo', '--root', root])).code).toBe(0);
    // A component package over the pulled data, and a cluster that sets `mode` (removed in 1.1.0).
    mkdirSync(join(root, 'packages/demo/src'), { recursive: true });
    writeFileSync(
      join(root, 'packages/demo/src/index.ts'),
      [
        "import { defineComponent, Type } from '@fluxgen/core';",
        'export const demo = defineComponent({',
        "  name: 'demo', title: 'Demo', summary: 'A fixture', category: 'core', namespace: 'demo', docs: [],",
        "  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },",
        "  chartData: new URL('../chart/', import.meta.url),",
        "  lifecycle: { deprecated: 'the project moved on', successor: 'demo-next', moved: [{ from: 'https://charts.example.com', to: 'https://charts.example.org', since: '2026-03' }] },",
        '  values: Type.Object({}),',
        "  helmValues: () => ({ replicas: 2, mode: 'fast' }),",
        '});',
        '',
      ].join('\n'),
    );
    mkdirSync(join(root, 'clusters/lab'), { recursive: true });
    writeFileSync(
      join(root, 'clusters/lab/cluster.ts'),
      "import { defineCluster } from '@fluxgen/core';\nimport { demo } from '../../packages/demo/src/index.ts';\nexport default defineCluster({ name: 'lab', components: [demo()] });\n",
    );
    const r = await cli(['chart', 'diff', 'demo', '1.0.0', '1.1.0', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('demo: 1.0.0 → 1.1.0');
    expect(r.out).toMatch(/Keys the cluster sets that were removed:\n {2}- \[lab\/demo\] values\.mode: was removed from chart demo: version 1\.1\.0 reads it only to fail the render/);
    expect(r.out).toContain('Changed CRDs:\n  - crds/widgets.yaml: changed between 1.0.0 and 1.1.0');
    expect(r.out).toContain('is deprecated: the project moved on; its successor is the `demo-next` component');
    expect(r.out).toContain('moved from https://charts.example.com to https://charts.example.org (since 2026-03); this component still points at the old place');
    expect(r.err).toContain('CHART_UPGRADE_DROPS_KEYS');

    const back = await cli(['chart', 'diff', 'demo', '1.1.0', '1.0.0', '--root', root]);
    expect(back.out).not.toContain('were removed');
  });

  it('with --cluster and no versions, reports the version change in cluster.ts against the committed tree', async () => {
    // A cluster whose committed tree installs 1.0.0 and whose cluster.ts now asks for 1.1.0.
    mkdirSync(join(root, 'clusters/moved/flux/infra/demo/app'), { recursive: true });
    writeFileSync(
      join(root, 'clusters/moved/flux/infra/demo/app/helmrelease.yaml'),
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: demo\nspec:\n  chart:\n    spec:\n      chart: demo\n      version: 1.0.0\n',
    );
    writeFileSync(
      join(root, 'clusters/moved/cluster.ts'),
      "import { defineCluster } from '@fluxgen/core';\nimport { demo } from '../../packages/demo/src/index.ts';\nexport default defineCluster({ name: 'moved', components: [demo({ version: '1.1.0' })] });\n",
    );
    const r = await cli(['chart', 'diff', 'demo', '--cluster', 'moved', '--root', root]);
    expect(r.out).toContain('demo: 1.0.0 → 1.1.0');
    expect(r.out).toContain('[moved/demo] values.mode');
    expect(r.code).toBe(1);
  });
});
