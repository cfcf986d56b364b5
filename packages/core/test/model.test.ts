import { describe, expect, it } from 'vitest';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type } from '../src/index.js';
import { problemsOf } from '../src/testing.js';
import { crds, web } from './components.js';

const problems = problemsOf;

const render = (components: Parameters<typeof defineCluster>[0]['components'], extra = {}) =>
  renderCluster(defineCluster({ name: 'lab', ...extra, components }));

describe('typed values', () => {
  it('fills defaults, so the mapping sees every defaulted field', () => {
    const { model } = render([web()]);
    expect(model.components[0]!.values).toEqual({ replicas: 1, tier: 'small', tls: { enabled: false }, needs: [] });
    expect(model.components[0]!.helmValues).toEqual({ replicaCount: 1, size: 'small', tls: { enabled: false } });
  });

  it('rejects an unknown key with the nearest real key as a hint', () => {
    // @ts-expect-error `replica` is not a field of web
    const e = problems(() => render([web({ replica: 2 })]));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({
        code: 'VALUE_UNKNOWN_KEY',
        cluster: 'lab',
        component: 'web',
        path: 'replica',
        hint: 'did you mean "replicas"?',
        source: 'clusters/lab/cluster.ts',
      }),
    ]);
  });

  it('finds unknown keys in nested objects', () => {
    // @ts-expect-error `enable` is not a field of tls
    const e = problems(() => render([web({ tls: { enable: true } })]));
    expect(e.diagnostics[0]).toMatchObject({ code: 'VALUE_UNKNOWN_KEY', path: 'tls.enable', hint: 'did you mean "enabled"?' });
  });

  it('reports range, type and enum errors with the value it got', () => {
    // @ts-expect-error `tier` only takes small or large
    const e = problems(() => render([web({ replicas: 0, tier: 'smal' })]));
    expect(e.diagnostics.map((d) => [d.code, d.path, d.got])).toEqual([
      ['VALUE_INVALID', 'replicas', 0],
      ['VALUE_INVALID', 'tier', 'smal'],
    ]);
    expect(e.diagnostics[1]!.hint).toBe('did you mean "small"?');
    expect(e.message).toContain('VALUE_INVALID [lab/web] replicas: must be >= 1 (got 0)');
  });

  it('reports every problem of every component at once', () => {
    // @ts-expect-error three bad values in two components
    const e = problems(() => render([web({ replicas: 'two', tls: { issuer: 'Bad_Name' } }), crds({ widgets: 'x' })]));
    expect(e.diagnostics.map((d) => `${d.component}:${d.path}`)).toEqual(['web:replicas', 'web:tls.issuer', 'crds:widgets']);
  });

  it('validates the common fields every component accepts', () => {
    const e = problems(() => render([web({ namespace: '../etc', release: { interval: 'soon' } })]));
    expect(e.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['VALUE_INVALID', 'namespace'],
      ['VALUE_INVALID', 'release.interval'],
    ]);
  });

  it('rejects unknown cluster options', () => {
    const e = problems(() => render([web()], { flux: { intervall: '1h' } }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'CLUSTER_INVALID', path: 'flux.intervall', hint: 'did you mean "interval"?' });
  });

  it('rejects the same component twice unless the second is renamed', () => {
    expect(problems(() => render([web(), web()])).codes).toEqual(['COMPONENT_DUPLICATE']);
    expect(render([web(), web({ name: 'web-2' })]).model.components.map((c) => c.name)).toEqual(['web', 'web-2']);
  });

  it('merges helmValues over the mapped values, objects deeply and arrays whole', () => {
    const { model } = render([web({ replicas: 2, helmValues: { tls: { secretName: 'x' }, extra: [1] } })]);
    expect(model.components[0]!.helmValues).toEqual({
      replicaCount: 2,
      size: 'small',
      tls: { enabled: false, secretName: 'x' },
      extra: [1],
    });
  });

  it('layers HelmRelease settings: baseline, cluster, instance', () => {
    const { model } = render([web({ release: { timeout: '10m' } })], {
      helmRelease: { install: { remediation: { retries: 5 } } },
    });
    expect(model.components[0]!.release).toEqual({
      interval: '1h',
      timeout: '10m',
      install: { remediation: { retries: 5 } },
      upgrade: { cleanupOnFail: true, remediation: { retries: 3, strategy: 'rollback' } },
    });
  });
});

describe('dependencies', () => {
  it('derives dependsOn from needs and provides, and orders providers first', () => {
    const { model } = render([web({ needs: ['crd:example.com'] }), crds()]);
    expect(model.components.map((c) => c.name)).toEqual(['crds', 'web']);
    expect(model.components[1]!.dependsOn).toEqual([{ name: 'crds', because: ['crd:example.com'] }]);
  });

  it('makes the users of a namespace depend on the component that declares it', () => {
    const { model } = render([web(), crds({ namespace: 'web' } as never)]);
    expect(model.namespaces).toEqual([
      { name: 'web', podSecurity: 'baseline', owner: 'web', components: ['web', 'crds'] },
    ]);
    expect(model.components.find((c) => c.name === 'crds')!.dependsOn).toEqual([{ name: 'web', because: ['namespace:web'] }]);
  });

  it('names an unmet need and how to meet it', () => {
    const e = problems(() => render([web({ needs: ['crd:monitoring.coreos.com'] })]));
    expect(e.diagnostics[0]).toMatchObject({ code: 'DEPENDENCY_UNMET', component: 'web' });
    expect(e.diagnostics[0]!.message).toBe('needs crd:monitoring.coreos.com, which no component of the cluster provides');
    expect(e.diagnostics[0]!.hint).toContain('external');
  });

  it('accepts a need the cluster declares external, without an edge', () => {
    const { model } = render([web({ needs: ['crd:monitoring.coreos.com'] })], { external: ['crd:monitoring.coreos.com'] });
    expect(model.components[0]!.dependsOn).toEqual([]);
  });

  it('names the whole chain of a cycle', () => {
    // crds lives in web's namespace (so it needs web), and web needs the CRDs crds installs.
    const e = problems(() => render([web({ needs: ['crd:example.com'] }), crds({ namespace: 'web' } as never)]));
    expect(e.codes).toEqual(['DEPENDENCY_CYCLE']);
    expect(e.diagnostics[0]!.message).toBe('dependency cycle: web → crds → web');
  });
});

describe('component hooks', () => {
  it('reports problems from a component\'s own check with every other problem', () => {
    const picky = defineComponent({
      ...web.spec,
      name: 'picky',
      check: (v) => (v.replicas === 2 ? [{ path: 'replicas', message: 'must not be 2', got: 2, hint: 'use 1 or 3' }] : []),
    });
    // @ts-expect-error `replica` is not a field of web
    const e = problems(() => render([picky({ replicas: 2 }), web({ replica: 1 })]));
    expect(e.diagnostics).toEqual([
      { cluster: 'lab', component: 'picky', source: 'clusters/lab/cluster.ts', code: 'VALUE_INVALID', path: 'replicas', message: 'must not be 2', got: 2, hint: 'use 1 or 3' },
      expect.objectContaining({ component: 'web', code: 'VALUE_UNKNOWN_KEY' }),
    ]);
  });

  it('orders the config/ unit after what its objects need, and the component itself before it', () => {
    // crds' widgets live in namespace "web", which web declares; web needs the CRDs first.
    const widgets = defineComponent({ ...crds.spec, configNeeds: () => ({ namespace: ['web'] }) });
    const { model, files } = render([web({ needs: ['crd:example.com'] }), widgets({ widgets: ['a'] })]);
    expect(model.components.map((c) => [c.name, c.dependsOn.map((d) => d.name), c.configDependsOn.map((d) => d.name)])).toEqual([
      ['crds', [], ['web']],
      ['web', ['crds'], []],
    ]);
    expect(files.get('crds/ks.yaml')).toContain('  dependsOn:\n    - name: crds\n    - name: web\n');
  });

  it('keeps what a component applied when it says so (prune: false)', () => {
    const keep = defineComponent({ ...crds.spec, prune: false });
    expect(render([keep()]).files.get('crds/ks.yaml')).toContain('  prune: false\n');
    expect(render([crds()]).files.get('crds/ks.yaml')).toContain('  prune: true\n');
  });

  it('applies root-level rules of a values schema (if/then) and reports only the precise error', () => {
    const gated = defineComponent({
      ...web.spec,
      name: 'gated',
      values: Type.Object(
        { ...web.spec.values.properties, certificate: Type.Optional(Type.String({ description: 'Certificate.' })) },
        { if: { properties: { tier: { const: 'large' } }, required: ['tier'] }, then: { required: ['certificate'] } },
      ),
    });
    const e = problems(() => render([gated({ tier: 'large' })]));
    expect(e.diagnostics.map((d) => [d.code, d.path])).toEqual([['VALUE_MISSING', 'certificate']]);
    expect(render([gated({ tier: 'large', certificate: 'x' })]).model.components).toHaveLength(1);
  });
});
