import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildContract, chartDataDirs, CONTRACT_FILE, loadContract, loadContractSchema, serializeContract, vendoredVersions } from '../src/charts/contract.js';
import { contractProblems, nearestKey } from '../src/charts/problems.js';
import { coalesce, deepFreeze, withoutNulls } from '../src/values.js';
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
write(
  '1.0.0/template-keys.txt',
  [
    '# Value paths read by the chart templates of demo (test).',
    '# Note: read only by validation checks that call fail (setting them may be required, or may abort the render): legacyMode, replicaCount.',
    'cgroup.autoMount.enabled',
    'cgroup.hostRoot',
    'commented.only',
    'legacyMode',
    'podAnnotations.*',
    'replicaCount',
    'resources.*',
    '',
  ].join('\n'),
);
write('2.0.0/values.yaml', 'replicaCount: 1\nenabled: true\nname: demo\nlist: [a]\nmap: {a: 1}\nempty: ""\n');
write('2.0.0/Chart.yaml', 'name: demo\nversion: 2.0.0\ndependencies:\n  - name: sub\n    alias: child\n    condition: child.enabled\n');
write('2.0.0/charts/sub/Chart.yaml', 'name: sub\nversion: 0.3.0\n');
write('2.0.0/charts/sub/values.yaml', 'port: 80\nglobal:\n  region: x\n');
write('2.0.0/charts/sub/template-keys.txt', 'port\nextra.*\nglobal.region\n');
const chartData = pathToFileURL(`${root}/`);

const demo = defineComponent({
  name: 'demo',
  title: 'Demo',
  summary: 'A chart with vendored data',
  category: 'core',
  namespace: 'demo',
  chart: { name: 'demo', version: '1.0.0', repository: 'https://charts.example.com' },
  chartData,
  docs: [],
  values: Type.Object({ replicas: withDefault(Type.Integer({ minimum: 1, description: 'Replicas.' }), 1) }),
  helmValues: (v) => ({ replicaCount: v.replicas }),
});

const problems = (components: Parameters<typeof defineCluster>[0]['components']): FluxgenError => problemsOf(() => renderCluster(defineCluster({ name: 'lab', components })));
const codesAndPaths = (e: FluxgenError) => e.diagnostics.map((d) => [d.code, d.path]);

describe('chart contract', () => {
  const v1 = buildContract(chartData, '1.0.0');
  const v2 = buildContract(chartData, '2.0.0');
  const paths = (values: unknown, c = v1, options = {}) => contractProblems(values, c, options).map((p) => [p.kind, p.path]);

  it('knows every key of values.yaml, of the schema and of the templates, at every depth', () => {
    expect(paths({ replicaCount: 2, cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' }, commented: { only: 'x' }, mode: { kind: 'a' } })).toEqual([]);
  });

  it('reports an unknown key with a hint from the keys allowed at that level', () => {
    const [p] = contractProblems({ cgroup: { automount: { enabled: false } } }, v1);
    expect(p).toMatchObject({ kind: 'unknown', path: 'values.cgroup.automount', hint: 'did you mean "cgroup.autoMount"?' });
  });

  it('accepts anything below {}, ~, a list, a template pass-through and a schema map', () => {
    expect(paths({ podAnnotations: { 'example.com/any': 'x' }, tolerations: [{}], resources: { limits: { cpu: '1' } }, labels: { a: 'b' } })).toEqual([]);
  });

  it('marks keys read only to fail and declared nowhere as removed; a declared one stays valid', () => {
    expect(paths({ legacyMode: true, replicaCount: 3 })).toEqual([['removed', 'values.legacyMode']]);
    const [p] = contractProblems({ legacyMode: true }, v1, { replacements: { legacyMode: '`mode.kind`' } });
    expect(p!.message).toContain('1.0.0');
    expect(p!.hint).toBe('use `mode.kind` instead');
  });

  it('infers types from values.yaml defaults on a chart without a schema; null or empty accepts anything', () => {
    expect(paths({ replicaCount: 'two', enabled: 'false', name: 3, list: 'a', map: 'x', empty: { any: 1 } }, v2)).toEqual([
      ['type', 'values.replicaCount'],
      ['type', 'values.enabled'],
      ['type', 'values.list'],
      ['type', 'values.map'],
    ]);
    expect(paths({ replicaCount: '25%', enabled: null, name: 'x' }, v2)).toEqual([]);
  });

  it('applies the types a component declares, below open keys too', () => {
    expect(paths({ name: 3, empty: { a: 2, b: 'x' } }, v2, { types: { name: 'string', 'empty.*': 'number' } })).toEqual([
      ['type', 'values.name'],
      ['type', 'values.empty.b'],
    ]);
  });

  it('checks a subchart under its alias against its own contract, and shares global', () => {
    expect(v2.subcharts).toEqual([{ alias: 'child', chart: 'sub', version: '0.3.0' }]);
    expect(paths({ child: { enabled: true, port: 81, extra: { x: 1 } }, global: { region: 'y' } }, v2)).toEqual([]);
    const [p] = contractProblems({ child: { prot: 1 } }, v2);
    expect(p).toMatchObject({ kind: 'unknown', path: 'values.child.prot', hint: 'did you mean "child.port"?' });
    expect(p!.message).toContain('subchart sub 0.3.0');
  });

  it('points to where a key lives when it sits under the wrong parent', () => {
    const [p] = contractProblems({ cgroup: { enabled: true } }, v1);
    expect(p!.hint).toBe('the chart reads "enabled" at "cgroup.autoMount.enabled"');
  });

  it('prefers a key that the typo starts over a near spelling (bgp → bgpControlPlane, not bpf)', () => {
    expect(nearestKey('bgp', ['bpf', 'bgpControlPlane'])).toBe('bgpControlPlane');
    expect(nearestKey('l2podannouncements', ['l2podAnnouncements', 'l2announcements'])).toBe('l2podAnnouncements');
  });

  it('borrows template keys from the nearest vendored version and says so', () => {
    write('0.9.0/values.yaml', 'replicaCount: 1\n');
    const old = buildContract(chartData, '0.9.0');
    expect(old.templateKeys).toEqual({ from: '1.0.0' });
    expect(paths({ commented: { only: 'x' } }, old)).toEqual([]);
    rmSync(join(root, '0.9.0'), { recursive: true });
  });
});

describe('coalesce', () => {
  it('merges maps, replaces lists and scalars, and deletes a default set to null, as Helm does', () => {
    expect(coalesce({ a: { b: 1, c: 2 }, l: [1, 2], d: 'x' }, { a: { b: 3 }, l: [9], d: null })).toEqual({ a: { b: 3, c: 2 }, l: [9] });
  });

  it('shares what it does not change, and copies each object on the way to a change', () => {
    const base = { kept: { deep: { x: 1 } }, changed: { y: 1, z: { w: 1 } }, gone: { v: 1 } };
    const out = coalesce(base, { changed: { y: 2 }, gone: null, added: { n: null, m: 1 } }) as Record<string, Record<string, unknown>>;
    expect(out).toEqual({ kept: { deep: { x: 1 } }, changed: { y: 2, z: { w: 1 } }, added: { m: 1 } });
    expect(out['kept']).toBe(base.kept);
    expect(out['changed']).not.toBe(base.changed);
    expect(out['changed']!['z']).toBe(base.changed.z);
    expect(base).toEqual({ kept: { deep: { x: 1 } }, changed: { y: 1, z: { w: 1 } }, gone: { v: 1 } });
  });

  it('remembers only frozen objects as free of nulls: an object that can change is looked at again', () => {
    const open: Record<string, unknown> = { a: { b: 1 } };
    expect(withoutNulls(open)).toBe(open);
    (open['a'] as Record<string, unknown>)['b'] = null;
    expect(withoutNulls(open)).toEqual({ a: {} });
    // Frozen on top, but with an object below that can change.
    const inner: Record<string, unknown> = { c: 1 };
    const shallow = Object.freeze({ inner });
    expect(withoutNulls(shallow)).toBe(shallow);
    inner['c'] = null;
    expect(withoutNulls(shallow)).toEqual({ inner: {} });
    const frozen = deepFreeze({ x: { y: 1 }, z: null });
    expect(withoutNulls(frozen)).toEqual({ x: { y: 1 } });
    expect((withoutNulls(frozen) as { x: unknown }).x).toBe(frozen.x);
  });
});

describe('contract loading', () => {
  it('is read once per version; a folder without contract.json is built from its files', () => {
    const a = loadContract(chartData, '1.0.0');
    expect(a).toBeDefined();
    expect(loadContract(chartData, '1.0.0')).toBe(a);
    expect(loadContract(chartData, '9.9.9')).toBeUndefined();
    expect(vendoredVersions(chartData)).toEqual(['1.0.0', '2.0.0']);
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
        source: 'clusters/lab/cluster.ts',
      }),
    ]);
    expect(e.diagnostics[0]!.hint).toMatch(/^did you mean "cgroup.autoMount"\?; if the chart reads it anyway, acknowledge it/);
  });

  it('accepts an acknowledged key and everything below it; an acknowledgement that accepts nothing is an error', () => {
    const acknowledge = [{ path: 'fromAFork', reason: 'our fork of the chart reads it' }];
    const rendered = renderCluster(defineCluster({ name: 'lab', components: [demo({ helmValues: { fromAFork: { a: 1 } }, acknowledge })] }));
    const readme = rendered.files.get('demo/README.md')!;
    expect(readme).toContain('| `fromAFork` | our fork of the chart reads it |');
    const e = problems([demo({ acknowledge: [{ path: 'cgroup.hostRoot', reason: 'known already' }], helmValues: { cgroup: { hostRoot: '/x' } } })]);
    expect(e.diagnostics).toMatchObject([{ code: 'HELM_ACK_UNUSED', path: 'acknowledge[0]', got: 'cgroup.hostRoot' }]);
  });

  it('reports a removed key with the version', () => {
    const e = problems([demo({ helmValues: { legacyMode: true } })]);
    expect(e.diagnostics).toMatchObject([{ code: 'HELM_VALUE_REMOVED', path: 'values.legacyMode' }]);
  });

  it('validates the merged values against values.schema.json, with chart value paths', () => {
    const e = problems([demo({ helmValues: { replicaCount: 0, mode: { kind: 'c' } } })]);
    expect(codesAndPaths(e)).toEqual([
      ['HELM_VALUE_INVALID', 'values.replicaCount'],
      ['HELM_VALUE_INVALID', 'values.mode.kind'],
    ]);
    expect(e.diagnostics[1]!.got).toBe('c');
  });

  it('finds invalid values after valid values of the same chart were checked in this process (remembered by their exact data)', () => {
    const render = (helmValues: Record<string, unknown>) => renderCluster(defineCluster({ name: 'lab', components: [demo({ helmValues })] }));
    render({ replicaCount: 2, labels: { team: 'a' } });
    render({ replicaCount: 2, labels: { team: 'a' } });
    expect(codesAndPaths(problems([demo({ helmValues: { replicaCount: 2, labels: { team: 1 } } })]))).toEqual([['HELM_VALUE_INVALID', 'values.labels.team']]);
    expect(codesAndPaths(problems([demo({ helmValues: { replicaCount: '2', labels: { team: 'a' } } })]))).toEqual([['HELM_VALUE_INVALID', 'values.replicaCount']]);
    // Found again, not remembered.
    expect(codesAndPaths(problems([demo({ helmValues: { replicaCount: 2, labels: { team: 1 } } })]))).toEqual([['HELM_VALUE_INVALID', 'values.labels.team']]);
  });

  it('blames the component, not the cluster, for a key its mapping sets', () => {
    const broken = defineComponent({ ...demo.spec, helmValues: () => ({ replicas: 1 }) });
    const e = problems([broken()]);
    expect(e.diagnostics[0]).toMatchObject({ code: 'HELM_VALUE_UNKNOWN', path: 'values.replicas', source: '@fluxgen/demo' });
  });

  it('reports a pinned version without data, naming the folder to add', () => {
    const e = problems([demo({ version: '1.1.0' })]);
    expect(codesAndPaths(e)).toEqual([['CHART_DATA_MISSING', 'version']]);
    expect(e.diagnostics[0]!.hint).toContain('fluxgen chart pull demo 1.1.0');
    expect(e.diagnostics[0]!.hint).toContain('1.0.0, 2.0.0');
  });

  it('checks keys and inferred types when the version has no schema', () => {
    expect(() =>
      renderCluster(defineCluster({ name: 'lab', components: [demo({ version: '2.0.0', helmValues: { replicaCount: 0 } })] })),
    ).not.toThrow();
    expect(codesAndPaths(problems([demo({ version: '2.0.0', helmValues: { bogus: {}, enabled: 'yes' } })]))).toEqual([
      ['HELM_VALUE_UNKNOWN', 'values.bogus'],
      ['HELM_VALUE_INVALID', 'values.enabled'],
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

describe('values.schema.json as Helm applies it', () => {
  // A chart whose schema gives `sidecar.image` a default that values.yaml lacks: Helm applies no
  // schema default, so enabling the sidecar without an image fails `helm install`.
  const dir = mkdtempSync(join(tmpdir(), 'fluxgen-chart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '1.0.0'));
  writeFileSync(join(dir, '1.0.0/values.yaml'), 'sidecar:\n  enabled: false\nlabels:\n  team: core\n');
  writeFileSync(
    join(dir, '1.0.0/values.schema.json'),
    JSON.stringify({
      type: 'object',
      properties: {
        sidecar: {
          type: 'object',
          properties: { enabled: { type: 'boolean' }, image: { type: 'string', default: 'sidecar:1.0' } },
          if: { properties: { enabled: { const: true } } },
          then: { required: ['image'] },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    }),
  );
  const data = pathToFileURL(`${dir}/`);
  const chart = defineComponent({
    name: 'sidecar',
    title: 'Sidecar',
    summary: 'A chart whose schema has a default that values.yaml lacks',
    category: 'core',
    namespace: 'sidecar',
    chart: { name: 'sidecar', version: '1.0.0', repository: 'https://charts.example.com' },
    chartData: data,
    docs: [],
    values: Type.Object({}),
    helmValues: () => ({}),
  });

  it('fills in no schema default: a value the schema requires must be set', () => {
    const e = problems([chart({ helmValues: { sidecar: { enabled: true } } })]);
    // Set by nobody: the cluster wrote the object that lacks it.
    expect(e.diagnostics).toMatchObject([
      { code: 'HELM_VALUE_INVALID', component: 'sidecar', path: 'values.sidecar.image', source: 'clusters/lab/cluster.ts', message: 'is required by the chart' },
    ]);
    expect(() => renderCluster(defineCluster({ name: 'lab', components: [chart({ helmValues: { sidecar: { enabled: true, image: 'sidecar:1.1' } } })] }))).not.toThrow();
  });

  it('validates the merged values as they are: nothing is copied or changed, and the chart defaults stay as read', () => {
    const schema = loadContractSchema(data, '1.0.0')!;
    expect(schema.fillDefaults).toBe(false);
    const contract = loadContract(data, '1.0.0')!;
    const merged = coalesce(contract.defaults!, { labels: { env: 'lab' } }) as Record<string, unknown>;
    // What the user did not change is shared with the defaults, which are frozen.
    expect(merged['sidecar']).toBe(contract.defaults!['sidecar']);
    expect(Object.isFrozen(contract.defaults!['sidecar'])).toBe(true);
    const result = validate(schema, merged);
    expect(result.value).toBe(merged);
    expect(result.diagnostics).toEqual([]);
    expect(contract.defaults).toEqual({ sidecar: { enabled: false }, labels: { team: 'core' } });
    expect(merged).toEqual({ sidecar: { enabled: false }, labels: { team: 'core', env: 'lab' } });
  });
});

describe('vendored chart data of every component package', () => {
  const packages = new URL('../../', import.meta.url);
  const versions = readdirSync(packages).flatMap((pkg) =>
    chartDataDirs(new URL(`${pkg}/`, packages)).flatMap((dir) =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => [`${dir.href.slice(packages.href.length)}${e.name}`, dir, e.name] as const),
    ),
  );

  it('covers the packages of several charts too (charts/<chart>/<version>)', () => {
    expect(versions.map(([name]) => name)).toContain('istio/charts/istiod/1.30.3');
  });

  it.each(versions)('%s: contract.json is up to date, and the defaults satisfy values.schema.json', (_name, dir, version) => {
    const file = new URL(`${version}/${CONTRACT_FILE}`, dir);
    expect(existsSync(file), 'run `npm run chart-contracts`').toBe(true);
    expect(readFileSync(file, 'utf8'), 'stale: run `npm run chart-contracts`').toBe(serializeContract(buildContract(dir, version)));
    const contract = loadContract(dir, version)!;
    const schema = loadContractSchema(dir, version);
    expect(Boolean(schema)).toBe(contract.schema);
    if (schema) expect(validate(schema, contract.defaults).diagnostics).toEqual([]);
  });
});

describe('per-version mapping', () => {
  it('a mapping sees the chart version it renders for, and each version is checked against its own contract', () => {
    const versioned = defineComponent({
      ...demo.spec,
      helmValues: (v, ctx) => (ctx.chartVersion === '2.0.0' ? { replicaCount: v.replicas, enabled: true } : { replicaCount: v.replicas }),
    });
    const one = renderCluster(defineCluster({ name: 'lab', components: [versioned()] }));
    const two = renderCluster(defineCluster({ name: 'lab', components: [versioned({ version: '2.0.0' })] }));
    expect(one.model.components[0]!.helmValues).toEqual({ replicaCount: 1 });
    expect(two.model.components[0]!.helmValues).toEqual({ replicaCount: 1, enabled: true });
    expect(codesAndPaths(problems([versioned({ helmValues: { enabled: true } })]))).toEqual([['HELM_VALUE_UNKNOWN', 'values.enabled']]);
  });
});
