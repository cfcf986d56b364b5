/**
 * Validation in parts (validate.ts, `validateInParts`): the HelmRelease and Kustomization settings
 * that every component and the cluster accept are validated with one shared validator each, the
 * rest with the schema where they are left open. The diagnostics are exactly those of one
 * validation of the whole schema (only their order may differ), and so are the values (defaults).
 * Also: precompiled files are used only by the core sources that compiled them.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { CLUSTER_PARTS, ClusterOptionsSchema } from '../src/cluster.js';
import { COMMON_PARTS, defineComponent } from '../src/component.js';
import { coreSourceHash, coreSourceStamp, recordIsCurrent } from '../src/precompiled.js';
import { openParts, schemaKey, validate, validateInParts } from '../src/validate.js';

const widget = defineComponent({
  name: 'widget',
  title: 'Widget',
  summary: 'A made-up component',
  category: 'core',
  namespace: 'widgets',
  chart: { name: 'widget', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [{ title: 'Widget', url: 'https://example.com' }],
  values: Type.Object({ replicas: Type.Optional(Type.Integer({ minimum: 1 })) }),
  helmValues: (v) => ({ replicas: v.replicas }),
});
const inputSchema = widget().inputSchema;
const sorted = <T>(xs: readonly T[]) => [...xs].map((x) => JSON.stringify(x)).sort();

describe('validation in parts', () => {
  it.each([
    ['valid, with both parts', { replicas: 2, release: { timeout: '10m', install: { remediation: { retries: 3 } } }, kustomization: { wait: true } }],
    ['an unknown key in a part', { release: { timout: '10m' } }],
    ['a wrong type deep in a part', { kustomization: { interval: 5, healthChecks: [{ kind: 'Deployment' }] } }],
    ['a part that is not an object', { release: 5, kustomization: ['x'] }],
    ['errors in a part and in the rest', { replicas: 0, nope: true, release: { interval: false }, kustomization: { prune: false } }],
    ['null where a part goes', { release: null }],
  ])('component: %s — the same diagnostics and value as the whole schema', (_name, input) => {
    const whole = validate<Record<string, unknown>>(inputSchema, input, { cluster: 'c', component: 'widget' });
    const parts = validateInParts<Record<string, unknown>>(inputSchema, COMMON_PARTS, input, { cluster: 'c', component: 'widget' });
    expect(sorted(parts.diagnostics)).toEqual(sorted(whole.diagnostics));
    expect(parts.blocking).toBe(whole.blocking);
    expect(parts.value).toEqual(whole.value);
  });

  it('cluster options: the same diagnostics as the whole schema', () => {
    const input = { name: 'lab', components: [], helmRelease: { intervall: '1h', upgrade: { remediation: { retries: 'x' } } }, kustomization: { timeout: 3 }, chartSource: 'ocii' };
    const scope = { cluster: 'lab', invalidCode: 'CLUSTER_INVALID', unknownKeyCode: 'CLUSTER_INVALID' } as const;
    const whole = validate(ClusterOptionsSchema, input, scope);
    const parts = validateInParts(ClusterOptionsSchema, CLUSTER_PARTS, input, scope);
    expect(whole.diagnostics.length).toBeGreaterThanOrEqual(4);
    expect(sorted(parts.diagnostics)).toEqual(sorted(whole.diagnostics));
  });

  it('the opened schema is much smaller, and is one schema (one validator) however often it is asked for', () => {
    const opened = openParts(inputSchema, Object.keys(COMMON_PARTS));
    expect(openParts(inputSchema, Object.keys(COMMON_PARTS))).toBe(opened);
    expect(schemaKey(opened)).not.toBe(schemaKey(inputSchema));
    expect(JSON.stringify(opened).length * 4).toBeLessThan(JSON.stringify(inputSchema).length);
    expect(opened.properties['release']).toEqual({ type: 'object', description: (inputSchema.properties['release'] as { description: string }).description });
  });
});

describe('precompiled files belong to the core that compiled them', () => {
  const copy = mkdtempSync(join(tmpdir(), 'fluxgen-core-src-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(fileURLToPath(new URL('../src/', import.meta.url)), copy, { recursive: true });

  it('the hash of core’s sources changes with any edit', () => {
    const before = coreSourceHash(copy);
    expect(coreSourceHash(copy)).toBe(before);
    writeFileSync(join(copy, 'schema.ts'), '// edited\n', { flag: 'a' });
    expect(coreSourceHash(copy)).not.toBe(before);
  });

  it('a record is current by its stat stamp while that is unchanged, else by the hash of the sources', () => {
    const core = coreSourceHash(copy);
    const stamp = coreSourceStamp(copy);
    expect(recordIsCurrent({ core, stamp }, copy)).toBe(true);
    // The stamp alone decides while it is unchanged: the sources are not read.
    expect(recordIsCurrent({ core: 'not-the-hash', stamp }, copy)).toBe(true);
    // A stamp that differs (sources copied, touched): the hash decides.
    expect(recordIsCurrent({ core, stamp: 'other' }, copy)).toBe(true);
    expect(recordIsCurrent({ core }, copy)).toBe(true);
    expect(recordIsCurrent({ stamp }, copy)).toBe(false);
    writeFileSync(join(copy, 'schema.ts'), '// edited again\n', { flag: 'a' });
    expect(coreSourceStamp(copy)).not.toBe(stamp);
    expect(recordIsCurrent({ core, stamp }, copy)).toBe(false);
  });
});

describe('value paths as a person reads them', () => {
  it('joinPath and pointerToPath: keys, indexes, and keys that are neither', async () => {
    const { joinPath, pointerToPath } = await import('../src/validate.js');
    expect(joinPath('', 'values')).toBe('values');
    expect(joinPath('values', 'hubble')).toBe('values.hubble');
    expect(joinPath('values.pools', '0')).toBe('values.pools[0]');
    expect(joinPath('', '0')).toBe('[0]');
    expect(joinPath('values.podAnnotations', 'prometheus.io/scrape')).toBe('values.podAnnotations["prometheus.io/scrape"]');
    expect(joinPath('a', 'x-y_$1')).toBe('a.x-y_$1');
    expect(joinPath('a', '1x')).toBe('a["1x"]');
    expect(joinPath('a', '')).toBe('a[""]');
    expect(pointerToPath('/pools/0/cidr')).toBe('pools[0].cidr');
    expect(pointerToPath('/annotations/a~1b~0c', 'metadata')).toBe('metadata.annotations["a/b~c"]');
    expect(pointerToPath('', 'values')).toBe('values');
  });
});

describe('copies of plain data', () => {
  it('withoutNulls drops null keys at every depth of objects (not inside lists) and keeps a `__proto__` key a key', async () => {
    const { withoutNulls } = await import('../src/values.js');
    const input = JSON.parse('{"a":1,"b":null,"c":{"d":null,"e":[null,{"f":null}]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const out = withoutNulls(input) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"a":1,"c":{"e":[null,{"f":null}]},"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('validate works on a copy: the input is not changed by defaults, a `__proto__` key is reported, not applied', async () => {
    const { validate } = await import('../src/validate.js');
    const schema = { type: 'object', properties: { a: { type: 'number', default: 1 } }, additionalProperties: false };
    const input = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    const result = validate<Record<string, unknown>>(schema, input);
    expect(input).not.toHaveProperty('a');
    expect(result.value['a']).toBe(1);
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.diagnostics.map((d) => d.path)).toEqual(['__proto__']);
  });
});

describe('walkValues', () => {
  it('visits every value below the root, depth first in key order, with its path, key, keys and parent', async () => {
    const { walkValues } = await import('../src/values.js');
    const root = { a: { 'b.c': [1, { d: null }] }, e: 'x' };
    const seen: [string, string, string, unknown][] = [];
    walkValues(root, 'values', (n) => seen.push([n.path, n.key, n.keys.join('/'), n.parent === root ? 'root' : Array.isArray(n.parent) ? 'list' : 'map']));
    expect(seen).toEqual([
      ['values.a', 'a', 'a', 'root'],
      ['values.a["b.c"]', 'b.c', 'a/b.c', 'map'],
      ['values.a["b.c"][0]', '0', 'a/b.c/0', 'list'],
      ['values.a["b.c"][1]', '1', 'a/b.c/1', 'list'],
      ['values.a["b.c"][1].d', 'd', 'a/b.c/1/d', 'map'],
      ['values.e', 'e', 'e', 'root'],
    ]);
    const paths: string[] = [];
    walkValues([{ k: 1 }], '', (n) => paths.push(n.path));
    expect(paths).toEqual(['[0]', '[0].k']);
  });

  it('gives a node its path and keys when asked later, after the walk', async () => {
    const { walkValues } = await import('../src/values.js');
    const nodes: { path: string; keys: readonly string[] }[] = [];
    walkValues({ a: { b: [{ c: 1 }] } }, 'values', (n) => nodes.push(n));
    expect(nodes.map((n) => n.path)).toEqual(['values.a', 'values.a.b', 'values.a.b[0]', 'values.a.b[0].c']);
    expect(nodes[3]!.keys).toEqual(['a', 'b', '0', 'c']);
  });
});
