import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { coalesce, keyTree, loadChartData, unknownKeys } from '../src/checks/chart-values.js';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type, withDefault } from '../src/index.js';
import { validate } from '../src/validate.js';
import { problemsOf } from '../src/testing.js';

/** A chart data folder: 1.0.0 with values.yaml and a (not strict) schema, 2.0.0 with values.yaml only. */
const root = mkdtempSync(join(tmpdir(), 'fluxgen-chart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
write(
  '1.0.0/values.yaml',
  [
    'replicaCount: 1',
    'cgroup:',
    '  autoMount:',
    '    enabled: true',
    '  hostRoot: /run/cilium/cgroupv2',
    'podAnnotations: {}',
    'tolerations: []',
    'resources: ~',
    'image: registry.example.com/demo',
    '# commented:',
    '#   only: in a comment',
    '',
  ].join('\n'),
);
write(
  '1.0.0/values.schema.json',
  JSON.stringify({
    $schema: 'https://json-schema.org/draft-07/schema#',
    type: 'object',
    $defs: { mode: { type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] } } } },
    properties: {
      replicaCount: { type: 'integer', minimum: 1 },
      mode: { $ref: '#/$defs/mode' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
  }),
);
write('2.0.0/values.yaml', 'replicaCount: 1\n');
const chartData = pathToFileURL(`${root}/`);

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A chart with vendored data',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  chartData,
  undeclaredChartKeys: ['commented'],
  docs: [],
  values: Type.Object({ replicas: withDefault(Type.Integer({ minimum: 1, description: 'Replicas.' }), 1) }),
  helmValues: (v) => ({ replicaCount: v.replicas }),
});

const problems = (components: Parameters<typeof defineCluster>[0]['components']): FluxgenError => problemsOf(() => renderCluster(defineCluster({ name: 'lab', components })));
const codesAndPaths = (e: FluxgenError) => e.diagnostics.map((d) => [d.code, d.path]);

describe('key tree of values.yaml', () => {
  const tree = keyTree(parse(readFileSync(join(root, '1.0.0/values.yaml'), 'utf8')));

  it('knows every declared key path, at every depth', () => {
    expect(unknownKeys({ replicaCount: 2, cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' } }, tree, [])).toEqual([]);
  });

  it('reports an unknown key with its path, its dotted form and its real siblings', () => {
    expect(unknownKeys({ cgroup: { automount: { enabled: false } } }, tree, [])).toEqual([
      { path: 'values.cgroup.automount', dotted: 'cgroup.automount', key: 'automount', siblings: ['autoMount', 'hostRoot'] },
    ]);
  });

  it('allows anything below {}, a list, ~ and a scalar', () => {
    const values = {
      podAnnotations: { 'example.com/any': 'x' },
      tolerations: [{ key: 'a', operator: 'Exists' }],
      resources: { limits: { cpu: '1' } },
      image: { repository: 'x' },
    };
    expect(unknownKeys(values, tree, [])).toEqual([]);
  });

  it('allows what undeclaredChartKeys lists, and everything below it', () => {
    expect(unknownKeys({ commented: { only: 'x' }, other: 1 }, tree, ['commented']).map((u) => u.path)).toEqual(['values.other']);
  });
});

describe('coalesce', () => {
  it('merges maps, replaces lists and scalars, and deletes a default set to null, as Helm does', () => {
    expect(coalesce({ a: { b: 1, c: 2 }, l: [1, 2], d: 'x' }, { a: { b: 3 }, l: [9], d: null })).toEqual({ a: { b: 3, c: 2 }, l: [9] });
  });
});

describe('chart data', () => {
  it('is read and parsed once per version', () => {
    const a = loadChartData(chartData, '1.0.0');
    expect(a).toBeDefined();
    expect(loadChartData(chartData, '1.0.0')).toBe(a);
    expect(loadChartData(chartData, '9.9.9')).toBeUndefined();
  });

  it('adds the keys the schema declares (through $ref) to those of values.yaml; typed maps stay open', () => {
    const { keys } = loadChartData(chartData, '1.0.0')!;
    expect(unknownKeys({ mode: { kind: 'a' }, labels: { anything: 'x' } }, keys, [])).toEqual([]);
    expect(unknownKeys({ mode: { knd: 'a' } }, keys, []).map((u) => u.path)).toEqual(['values.mode.knd']);
  });
});

describe('final Helm values against the chart', () => {
  it('passes values the chart declares', () => {
    expect(() => renderCluster(defineCluster({ name: 'lab', components: [demo({ replicas: 2 })] }))).not.toThrow();
  });

  it('reports an unknown helmValues key with the nearest real key, and the cluster as its source', () => {
    const e = problems([demo({ helmValues: { cgroup: { automount: { enabled: false } } } })]);
    expect(e.diagnostics).toEqual([
      expect.objectContaining({
        code: 'HELM_VALUE_UNKNOWN',
        component: 'demo',
        path: 'values.cgroup.automount',
        hint: 'did you mean "autoMount"?',
        source: 'clusters/lab/cluster.ts',
      }),
    ]);
  });

  it('validates the merged values against values.schema.json, with chart value paths', () => {
    const e = problems([demo({ helmValues: { replicaCount: 0, mode: { kind: 'c' } } })]);
    expect(codesAndPaths(e)).toEqual([
      ['HELM_VALUE_INVALID', 'values.replicaCount'],
      ['HELM_VALUE_INVALID', 'values.mode.kind'],
    ]);
    expect(e.diagnostics[1]!.got).toBe('c');
  });

  it('blames the component, not the cluster, for a key its mapping sets', () => {
    const broken = defineComponent({ ...demo.spec, helmValues: () => ({ replicas: 1 }) });
    const e = problems([broken()]);
    expect(e.diagnostics[0]).toMatchObject({ code: 'HELM_VALUE_UNKNOWN', path: 'values.replicas', source: '@fluxgen/demo' });
  });

  it('reports a pinned version without data, naming the folder to add', () => {
    const e = problems([demo({ version: '1.1.0' })]);
    expect(codesAndPaths(e)).toEqual([['CHART_DATA_MISSING', 'version']]);
    expect(e.diagnostics[0]!.hint).toContain('1.1.0/');
    expect(e.diagnostics[0]!.hint).toContain('1.0.0, 2.0.0');
  });

  it('checks keys only when the version has no schema', () => {
    expect(() =>
      renderCluster(defineCluster({ name: 'lab', components: [demo({ version: '2.0.0', helmValues: { replicaCount: 0 } })] })),
    ).not.toThrow();
    expect(codesAndPaths(problems([demo({ version: '2.0.0', helmValues: { cgroup: {} } })]))).toEqual([
      ['HELM_VALUE_UNKNOWN', 'values.cgroup'],
    ]);
  });

  it('lets a component without chartData through only while it sets no chart values', () => {
    const { chartData: _, ...spec } = demo.spec;
    const bare = defineComponent({ ...spec, helmValues: () => ({}) });
    expect(() => renderCluster(defineCluster({ name: 'lab', components: [bare()] }))).not.toThrow();
    const error = problems([bare({ helmValues: { anything: 1 } })]);
    expect(error.diagnostics).toMatchObject([
      { code: 'CHART_DATA_MISSING', component: 'demo', path: 'values.anything', source: 'clusters/lab/cluster.ts' },
    ]);
  });
});

describe('vendored chart data of every component package', () => {
  const packages = new URL('../../', import.meta.url);
  const versions = readdirSync(packages).flatMap((pkg) => {
    const dir = new URL(`${pkg}/chart/`, packages);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => [`${pkg}/chart/${e.name}`, dir, e.name] as const);
  });

  it.each(versions)('%s: values.yaml parses, and its defaults satisfy values.schema.json', (_name, dir, version) => {
    const data = loadChartData(dir, version);
    expect(data, 'every version folder has a values.yaml').toBeDefined();
    if (data!.schema) expect(validate(data!.schema, data!.defaults).diagnostics).toEqual([]);
  });
});
