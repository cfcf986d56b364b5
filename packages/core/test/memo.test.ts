/**
 * What one process remembers between the clusters it renders (memo.ts): keyed by the exact data,
 * so that no two different values share a result, bounded, and never a change to the output.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { dataKey, Memo, seal, ValidOnce } from '../src/memo.js';
import { defineCluster, renderCluster } from '../src/index.js';
import { problemsOf } from '../src/testing.js';
import { validate } from '../src/validate.js';
import { web } from './components.js';
import { demo } from './fixtures/demo.js';

describe('keys of data', () => {
  it('tell apart what YAML and the validators tell apart', () => {
    const pairs: [unknown, unknown][] = [
      [0, -0],
      [{ a: null }, { a: undefined }],
      [{ a: undefined }, {}],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      ['1', 1],
      [true, 'true'],
      [[undefined], [null]],
      // eslint-disable-next-line no-sparse-arrays
      [[, 1], [undefined, 1]],
      [[1, [2]], [[1], 2]],
      [{ a: 'x' }, { a: 'x ' }],
    ];
    for (const [a, b] of pairs) {
      expect(dataKey(a), `${String(a)} / ${String(b)}`).toBeDefined();
      expect(dataKey(a), `${JSON.stringify(a)} and ${JSON.stringify(b)}`).not.toBe(dataKey(b));
    }
    expect(dataKey({ a: [1, { b: 'c' }] })).toBe(dataKey({ a: [1, { b: 'c' }] }));
  });

  it('are undefined for what is not plain data: it is computed every time', () => {
    expect(dataKey({ f: () => 1 })).toBeUndefined();
    expect(dataKey({ s: Symbol('x') })).toBeUndefined();
    // V8 would serialise these as their fields; YAML reads toJSON and iterates what is iterable.
    class Port {
      constructor(readonly port: number) {}
      toJSON() {
        return `${this.port}/TCP`;
      }
    }
    expect(dataKey({ ports: [new Port(80)] })).toBeUndefined();
    expect(dataKey(seal({ ports: [new Port(80)] }))).toBeUndefined();
    expect(dataKey({ at: new Date(0) })).toBeUndefined();
    expect(dataKey({ m: new Map([['a', 1]]) })).toBeUndefined();
    expect(dataKey(Object.assign(Object.create(null), { a: 1 }))).toBeDefined();
    // A circle is no data either (YAML cannot hold one without aliases): no key, and sealing ends.
    const circle: Record<string, unknown> = { a: 1 };
    circle['self'] = circle;
    expect(dataKey(circle)).toBeUndefined();
    expect(dataKey(seal(circle))).toBeUndefined();
    const memo = new Memo<number>(10);
    let calls = 0;
    const value = { f: () => 1 };
    memo.get(value, () => ++calls);
    memo.get(value, () => ++calls);
    expect(calls).toBe(2);
    expect(memo.size).toBe(0);
  });

  it('of a sealed value are computed once; sealing freezes it all the way down', () => {
    const doc = seal({ spec: { values: { list: [{ a: 1 }] } } });
    expect(Object.isFrozen(doc.spec.values.list[0])).toBe(true);
    expect(dataKey(doc)).toBe(dataKey(seal({ spec: { values: { list: [{ a: 1 }] } } })));
    expect(dataKey(doc)).toBe(dataKey(doc));
    expect(dataKey(doc)).not.toBe(dataKey(seal({ spec: { values: { list: [{ a: 2 }] } } })));
  });
});

describe('a memo', () => {
  it('computes each distinct value once and returns the same result for equal data', () => {
    const memo = new Memo<string>(1000, (t) => t.length);
    let calls = 0;
    const render = (v: unknown) => memo.get(v, () => `${++calls}:${JSON.stringify(v)}`);
    expect(render({ a: 1 })).toBe('1:{"a":1}');
    expect(render({ a: 1 })).toBe('1:{"a":1}');
    expect(render({ a: -0 })).toBe('2:{"a":0}');
    expect(calls).toBe(2);
  });

  it('stops adding at its budget, and still computes what it cannot keep', () => {
    const memo = new Memo<string>(10, (t) => t.length);
    let calls = 0;
    memo.get(1, () => (++calls, '12345678'));
    memo.get(2, () => (++calls, '123'));
    memo.get(2, () => (++calls, '123'));
    memo.get(1, () => (++calls, '12345678'));
    expect(calls).toBe(3);
    expect(memo.size).toBe(1);
  });

  it('keeps results for the same data apart by what else they depend on (a qualifier)', () => {
    const memo = new Memo<string>(1000, (t) => t.length);
    let calls = 0;
    const read = (v: unknown, namespace?: string) => memo.get(v, () => `${++calls}:${namespace ?? '-'}`, namespace);
    expect(read({ a: 1 }, 'web')).toBe('1:web');
    expect(read({ a: 1 }, 'db')).toBe('2:db');
    expect(read({ a: 1 })).toBe('3:-');
    expect(read({ a: 1 }, 'web')).toBe('1:web');
    // A qualifier cannot pass for other data: it is quoted.
    expect(memo.keyOf({ a: 1 }, 'x')).not.toBe(memo.keyOf({ a: 1 }, 'x"'));
    expect(calls).toBe(3);
    const key = memo.keyOf({ b: 2 }, 'web')!;
    expect(memo.peek(key)).toBeUndefined();
    memo.keep(key, 'kept');
    memo.keep(key, 'not again');
    expect(memo.peek(key)).toBe('kept');
    expect(read({ b: 2 }, 'web')).toBe('kept');
  });

  it('remembers only data found valid, per schema; problems are found again each time', () => {
    const once = new ValidOnce(100);
    const schemaA = {};
    const schemaB = {};
    let checks = 0;
    const check = (schema: object, data: { n: unknown }) => once.problems(schema, data, () => (++checks, typeof data.n === 'number' ? [] : ['not a number']));
    expect(check(schemaA, { n: 1 })).toEqual([]);
    expect(check(schemaA, { n: 1 })).toEqual([]);
    expect(checks).toBe(1);
    expect(check(schemaB, { n: 1 })).toEqual([]);
    expect(checks).toBe(2);
    expect(check(schemaA, { n: '1' })).toEqual(['not a number']);
    expect(check(schemaA, { n: '1' })).toEqual(['not a number']);
    expect(checks).toBe(4);
  });
});

describe('rendering many clusters in one process', () => {
  const lab = (name: string, extra: unknown[]) => defineCluster({ name, components: [web({ helmValues: { extra } })] });
  const helmRelease = (name: string, extra: unknown[]) => renderCluster(lab(name, extra)).files.get('web/app/helmrelease.yaml')!;

  it('writes each cluster exactly as if it were the only one: -0 and 0 stay apart, whichever comes first', () => {
    const zeroFirst = [helmRelease('a', [0]), helmRelease('b', [-0])];
    const minusFirst = [helmRelease('c', [-0]), helmRelease('d', [0])];
    expect(zeroFirst[0]).toContain('\n      - 0\n');
    expect(zeroFirst[1]).toContain('\n      - -0\n');
    expect(minusFirst[0]).toContain('\n      - -0\n');
    expect(minusFirst[1]).toContain('\n      - 0\n');
  });

  it('gives the same bytes for a cluster rendered first or after others that share its components', () => {
    const alone = renderCluster(lab('same', ['x'])).files;
    for (const name of ['p', 'q', 'r']) renderCluster(lab(name, ['x']));
    const after = renderCluster(lab('same', ['x'])).files;
    expect([...after]).toEqual([...alone]);
  });
});

describe('validation with defaults, remembered', () => {
  const schema = Type.Object(
    {
      replicas: Type.Integer({ minimum: 1, default: 1 }),
      tls: Type.Object({ enabled: Type.Boolean({ default: false }), hosts: Type.Array(Type.String(), { default: [] }) }, { default: {} }),
    },
    { additionalProperties: false },
  );

  it('gives every caller its own copy of the defaulted value, never one another caller changed', () => {
    const input = { replicas: 2 };
    const first = validate<{ replicas: number; tls: { enabled: boolean; hosts: string[] } }>(schema, input, { cluster: 'a' });
    expect(first).toEqual({ value: { replicas: 2, tls: { enabled: false, hosts: [] } }, diagnostics: [], blocking: false });
    first.value.tls.hosts.push('changed.example.com');
    first.value.replicas = 9;
    const second = validate<typeof first.value>(schema, { replicas: 2 }, { cluster: 'b' });
    expect(second.value).toEqual({ replicas: 2, tls: { enabled: false, hosts: [] } });
    expect(second.value).not.toBe(first.value);
    const third = validate<typeof first.value>(schema, { replicas: 2 }, { cluster: 'c' });
    expect(third.value.tls).not.toBe(second.value.tls);
    expect(input).toEqual({ replicas: 2 }); // the input is never changed
  });

  it('reports invalid data each time, under the scope of that validation', () => {
    for (const cluster of ['a', 'b']) {
      const result = validate(schema, { replicas: 0 }, { cluster, component: 'web' });
      expect(result.diagnostics).toEqual([expect.objectContaining({ cluster, component: 'web', path: 'replicas' })]);
      expect(result.blocking).toBe(true);
    }
    // Data equal but for a key order, a -0 or an undefined is other data: validated on its own.
    expect(validate(schema, { replicas: 2, tls: { enabled: true } }).value).toEqual({ replicas: 2, tls: { enabled: true, hosts: [] } });
    expect(validate(schema, { tls: { enabled: true }, replicas: 2 }).value).toEqual({ tls: { enabled: true, hosts: [] }, replicas: 2 });
    // { replicas: 2 } was found valid above; a key set to undefined is still a key the schema refuses.
    expect(validate(schema, { replicas: 2, extra: undefined }).diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_UNKNOWN_KEY', path: 'extra' })]);
    expect(validate(schema, { replicas: 2, extra: 1 }).diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_UNKNOWN_KEY', path: 'extra' })]);
  });
});

describe('checks remembered between clusters', () => {
  it("read the same chart values as references in each component's own namespace", () => {
    const values = { auth: { existingSecret: 'db' } };
    const render = (namespace: string) => renderCluster(defineCluster({ name: `lab-${namespace}`, external: ['secret:demo/db'], components: [demo({ namespace, helmValues: values })] }));
    expect(() => render('demo')).not.toThrow();
    expect(problemsOf(() => render('other')).diagnostics).toEqual([
      expect.objectContaining({ code: 'REFERENCE_DANGLING', cluster: 'lab-other', message: expect.stringContaining('other/db') }),
    ]);
    expect(() => render('demo')).not.toThrow();
  });

  it('find an unknown chart key in each cluster that does not acknowledge it, whichever cluster came first', () => {
    const helmValues = { fromAFork: { a: 1 } };
    const acknowledge = [{ path: 'fromAFork', reason: 'our fork of the chart reads it' }];
    const lab = (name: string, acknowledged: boolean) =>
      renderCluster(defineCluster({ name, components: [web({ helmValues, ...(acknowledged ? { acknowledge } : {}) })] }));
    expect(() => lab('first', true)).not.toThrow();
    expect(problemsOf(() => lab('second', false)).diagnostics).toEqual([
      expect.objectContaining({ code: 'HELM_VALUE_UNKNOWN', cluster: 'second', path: 'values.fromAFork' }),
    ]);
    expect(() => lab('third', true)).not.toThrow();
    expect(problemsOf(() => lab('fourth', false)).codes).toEqual(['HELM_VALUE_UNKNOWN']);
    // Values without a problem are remembered, and change nothing for a cluster with a problem.
    expect(() => lab('fifth', false)).toThrow();
    expect(() => renderCluster(defineCluster({ name: 'sixth', components: [web({ helmValues: { replicaCount: 2 } })] }))).not.toThrow();
    expect(problemsOf(() => renderCluster(defineCluster({ name: 'seventh', components: [web({ helmValues: { replicaCount: 2, nope: 1 } })] }))).codes).toEqual([
      'HELM_VALUE_UNKNOWN',
    ]);
  });
});

describe('component READMEs shared between clusters', () => {
  const readme = (name: string, replicas: number) =>
    renderCluster(defineCluster({ name, components: [web({ replicas })] }), { dir: `clusters/${name}` }).files.get('web/README.md')!;

  it('differ only in their notice when the component is configured alike', () => {
    const [a, b] = [readme('alpha', 2), readme('beta', 2)];
    const [noticeA, ...bodyA] = a.split('\n');
    const [noticeB, ...bodyB] = b.split('\n');
    expect(noticeA).toBe(
      '<!-- Generated by fluxgen from @fluxgen/web for cluster "alpha". Do not edit by hand: change clusters/alpha/cluster.ts, then run `npx nx run alpha:generate`. -->',
    );
    expect(noticeB).toContain('for cluster "beta"');
    expect(bodyB).toEqual(bodyA);
    expect(a).not.toContain('beta');
    expect(b).not.toContain('alpha');
    // Where the values are set: the cluster's own cluster.ts, from flux/infra/web/README.md.
    expect(bodyA).toContain('Set in [`cluster.ts`](../../../cluster.ts):');
    expect(join('clusters/alpha/flux/infra/web', '../../../cluster.ts')).toBe('clusters/alpha/cluster.ts');
  });

  it('each show their own values', () => {
    const three = readme('gamma', 3);
    expect(readme('delta', 2)).not.toEqual(readme('delta', 3));
    expect(three.split('\n').slice(1)).not.toEqual(readme('alpha', 2).split('\n').slice(1));
    expect(three).toMatch(/\| `replicas` \| `3` \|/);
  });
});
