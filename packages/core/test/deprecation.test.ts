/** A deprecated component is rendered, and the model carries one COMPONENT_DEPRECATED warning per instance. */
import { describe, expect, it } from 'vitest';
import { defineComponent, Type } from '../src/index.js';
import { renderForTest } from '../src/testing.js';

const component = (name: string, lifecycle?: { deprecated?: string; successor?: string }) =>
  defineComponent({
    name,
    title: name,
    summary: 'A test component',
    category: 'core',
    namespace: 'demo',
    chart: { name, version: '1.0.0', repository: 'https://charts.example.com' },
    docs: [],
    values: Type.Object({}),
    ...(lifecycle ? { lifecycle } : {}),
  });

describe('COMPONENT_DEPRECATED', () => {
  it('one warning per deprecated instance, with why and the successor; the tree is still rendered', () => {
    const old = component('old-shipper', { deprecated: 'its upstream stopped on 1 January 2026', successor: 'new-shipper' });
    const { model, files } = renderForTest([old(), old({ name: 'second' }), component('fine')()]);
    expect(files.has('old-shipper/app/helmrelease.yaml')).toBe(true);
    expect(model.warnings.map((w) => [w.code, w.cluster, w.component])).toEqual([
      ['COMPONENT_DEPRECATED', 'test', 'old-shipper'],
      ['COMPONENT_DEPRECATED', 'test', 'second'],
    ]);
    expect(model.warnings[0]!.message).toBe('is deprecated: its upstream stopped on 1 January 2026; its successor is the new-shipper component');
    expect(model.warnings[0]!.hint).toBe('replace oldShipper(…) with newShipper(…) from @fluxgen/new-shipper in clusters/test/cluster.ts; until then it is still generated');
  });

  it('without a successor the hint says to plan its removal; a successor alone is no deprecation', () => {
    const { model } = renderForTest([component('lonely', { deprecated: 'unmaintained' })(), component('moved', { successor: 'other' })()]);
    expect(model.warnings.map((w) => [w.component, w.message, w.hint])).toEqual([
      ['lonely', 'is deprecated: unmaintained', 'plan to remove lonely from clusters/test/cluster.ts; until then it is still generated'],
    ]);
  });
});
