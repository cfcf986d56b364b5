import { problemsOf } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { defineCluster, defineComponent, FluxgenError, renderCluster, Type } from '../src/index.js';
import { web } from './components.js';
import { demo } from './fixtures/demo.js';

const messy = defineComponent({
  name: 'messy',
  title: 'Messy',
  summary: 'Breaks a rule of every layer',
  category: 'core',
  namespace: 'messy',
  chart: { name: 'messy', version: '1.0.0', repository: 'http://charts.example.com' },
  chartData: demo.spec.chartData,
  docs: [],
  values: Type.Object({}),
  helmValues: () => ({ auth: { existingSecret: 'db', password: 'hunter2' } }),
  secretRefs: ['auth.existingSecret'],
  objects: (_v, ctx) => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: ctx.namespace }, data: { port: 1 } }],
});

const problems = (components: Parameters<typeof defineCluster>[0]['components']): FluxgenError => problemsOf(() => renderCluster(defineCluster({ name: 'lab', components })));

describe('the checks of a rendered cluster', () => {
  it('report every layer together, in one error', () => {
    expect(problems([messy(), web()]).codes).toEqual([
      'OBJECT_INVALID',
      'REFERENCE_DANGLING',
      'POLICY_INSECURE_URL',
      'POLICY_PLAINTEXT_SECRET',
    ]);
  });

  it('run only once the typed values are valid (layer 1 alone reports)', () => {
    // @ts-expect-error `replicas` is an integer
    expect(problems([messy(), web({ replicas: 'two' })]).codes).toEqual(['VALUE_INVALID']);
  });

  it('return the documents they checked next to the files', () => {
    const { files, documents } = renderCluster(defineCluster({ name: 'lab', components: [web()] }));
    expect([...documents.keys()]).toEqual([...files.keys()].filter((p) => p.endsWith('.yaml')));
  });
});
