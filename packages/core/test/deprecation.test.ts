/** A deprecated component is rendered, and the model carries one COMPONENT_DEPRECATED warning per instance. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  it('a chart whose vendored Chart.yaml says deprecated: true warns without a lifecycle declaration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluxgen-deprecated-'));
    try {
      mkdirSync(join(dir, '2.0.0'));
      writeFileSync(join(dir, '2.0.0', 'Chart.yaml'), 'apiVersion: v2\nname: legacy\nversion: 2.0.0\ndeprecated: true\n');
      writeFileSync(join(dir, '2.0.0', 'values.yaml'), 'replicas: 1\n');
      const legacy = defineComponent({
        name: 'legacy',
        title: 'Legacy',
        summary: 'A chart its upstream deprecated',
        category: 'core',
        namespace: 'demo',
        chart: { name: 'legacy', version: '2.0.0', repository: 'https://charts.example.com' },
        chartData: pathToFileURL(`${dir}/`),
        docs: [],
        values: Type.Object({}),
      });
      const { warnings } = renderForTest([legacy()]);
      expect(warnings.map((w) => [w.code, w.component, w.message])).toEqual([
        ['COMPONENT_DEPRECATED', 'legacy', 'is deprecated: chart legacy 2.0.0 is marked deprecated in its Chart.yaml'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one warning per deprecated instance, with why and the successor; the tree is still rendered', () => {
    const old = component('old-shipper', { deprecated: 'its upstream stopped on 1 January 2026', successor: 'new-shipper' });
    const { warnings, files } = renderForTest([old(), old({ name: 'second' }), component('fine')()]);
    expect(files.has('old-shipper/app/helmrelease.yaml')).toBe(true);
    expect(warnings.map((w) => [w.code, w.cluster, w.component])).toEqual([
      ['COMPONENT_DEPRECATED', 'test', 'old-shipper'],
      ['COMPONENT_DEPRECATED', 'test', 'second'],
    ]);
    expect(warnings[0]!.message).toBe('is deprecated: its upstream stopped on 1 January 2026; its successor is the new-shipper component');
    expect(warnings[0]!.hint).toBe('replace oldShipper(…) with newShipper(…) from @fluxgen/new-shipper in clusters/test/cluster.ts; until then it is still generated');
  });

  it('without a successor the hint says to plan its removal; a successor alone is no deprecation', () => {
    const { warnings } = renderForTest([component('lonely', { deprecated: 'unmaintained' })(), component('moved', { successor: 'other' })()]);
    expect(warnings.map((w) => [w.component, w.message, w.hint])).toEqual([
      ['lonely', 'is deprecated: unmaintained', 'plan to remove lonely from clusters/test/cluster.ts (its upstream names what replaces it); until then it is still generated'],
    ]);
  });
});
