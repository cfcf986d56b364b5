/**
 * Precompiled validators (ajv standalone code, `npm run build`) report exactly what the validators
 * compiled at run time report: the same raw ajv errors (keyword, paths, params, message, schema,
 * parent schema, data), so the same diagnostics. Also with V8's code cache, and with the custom
 * keywords `shape` and `uniqueBy`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { ClusterOptionsSchema } from '../src/cluster.js';
import { crdsIn } from '../src/crds.js';
import { crdSchemaSource, objectSchemaSource } from '../src/checks/objects.js';
import { strict } from '../src/schema.js';
import { Cidr, IpRange, Name } from '../src/index.js';
import { compileAtRunTime, loadStandalone, schemaKey, standaloneCodeCache, standaloneValidator } from '../src/validate.js';

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const dir = mkdtempSync(join(tmpdir(), 'fluxgen-validators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const widget = crdsIn(new URL('./fixtures/crds/', import.meta.url)).find((k) => k.kind === 'Widget')!;

const pools = strict(
  Type.Object({
    pools: Type.Array(
      Type.Object({ name: Name(), blocks: Type.Array(Type.Union([Type.Object({ cidr: Cidr() }, { additionalProperties: false }), IpRange({ additionalProperties: false })])) }),
      { uniqueBy: 'name' },
    ),
    mode: Type.Union([Type.Literal('a'), Type.Literal('b')]),
  }),
);

const cases: [string, object, unknown][] = [
  ['cluster options', ClusterOptionsSchema, { name: 'Bad_Name', flux: { namespaec: 'x' }, chartSource: 'ocii', helmRelease: { interval: 5 } }],
  [
    'shapes, uniqueBy and unions',
    pools,
    {
      pools: [
        { name: 'a', blocks: [{ cidr: '10.0.0.0/33' }, { start: '10.0.0.9', stop: '10.0.0.1' }] },
        { name: 'a', blocks: [{ cidr: 'x', extra: 1 }] },
      ],
      mode: 'c',
      unknown: true,
    },
  ],
  ['HelmRelease', objectSchemaSource('helm.toolkit.fluxcd.io/v2/HelmRelease')!, { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'x', bogus: 1 }, spec: { interval: 3, chart: {} } }],
  ['CRD kind', crdSchemaSource(widget, 'v1'), { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', nope: true }, spec: { bogus: 1 } }],
];

describe('precompiled validators', () => {
  it.each(cases)('%s: the same errors as a validator compiled at run time, with and without the code cache', (_name, schema, input) => {
    const file = join(dir, `${schemaKey(schema)}.cjs`);
    writeFileSync(file, standaloneValidator(schema));
    const cache = standaloneCodeCache(file);
    const runtime = compileAtRunTime(schema);
    const expected = runtime(structuredClone(input)) ? [] : runtime.errors;
    expect(expected?.length).toBeGreaterThan(0);
    for (const cached of [undefined, cache]) {
      const { validate, script } = loadStandalone(file, cached);
      if (cached) expect(script.cachedDataRejected).toBe(false);
      const data = structuredClone(input);
      expect(validate(data)).toBe(false);
      // Schemas in errors are data in a precompiled module: TypeBox's symbol keys are gone, nothing else.
      expect(json(validate.errors)).toEqual(json(expected));
    }
  });

  it('fills defaults as the run-time validator does', () => {
    const file = join(dir, 'defaults.cjs');
    writeFileSync(file, standaloneValidator(ClusterOptionsSchema));
    const input = { name: 'lab' };
    const a = structuredClone(input);
    const b = structuredClone(input);
    compileAtRunTime(ClusterOptionsSchema)(a);
    loadStandalone(file).validate(b);
    expect(b).toEqual(a);
    expect(Object.keys(b).length).toBeGreaterThan(1);
  });
});
