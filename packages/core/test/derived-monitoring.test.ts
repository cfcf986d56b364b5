/**
 * `Monitoring({ derived: true })`: a value left unset is on exactly when a component of the cluster
 * publishes a `metrics-collector` fact (a Prometheus Operator watching every namespace), with its
 * need for the Prometheus Operator CRDs and a README line saying why; a value set either way wins.
 */
import { describe, expect, it } from 'vitest';
import { defineComponent, monitored, Monitoring, Type } from '../src/index.js';
import { renderForTest } from '../src/testing.js';

/** A Prometheus Operator that collects the monitors of every namespace (what kube-prometheus-stack says). */
const collector = defineComponent({
  name: 'collector',
  title: 'Collector',
  summary: 'A metrics collector',
  category: 'observability',
  namespace: 'monitoring',
  chart: { name: 'collector', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({
    everyNamespace: Type.Optional(Type.Boolean({ description: 'Collect the monitors of every namespace.' })),
  }),
  provides: () => ({ crd: ['monitoring.coreos.com'] }),
  facts: (v, ctx) => (v.everyNamespace === false ? [] : [{ kind: 'metrics-collector' as const, namespace: ctx.namespace, path: 'everyNamespace' }]),
});

/** A component whose ServiceMonitor follows the collector unless set. */
const target = defineComponent({
  name: 'target',
  title: 'Target',
  summary: 'Something with metrics',
  category: 'core',
  namespace: 'apps',
  chart: { name: 'target', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({ serviceMonitor: Monitoring({ derived: true, description: 'ServiceMonitor for the target.' }) }),
  objects: (v, ctx) =>
    monitored(v.serviceMonitor, ctx.facts)
      ? [
          {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'ServiceMonitor',
            metadata: { name: 'target', namespace: ctx.namespace },
            spec: { selector: { matchLabels: { app: 'target' } }, endpoints: [{ port: 'metrics' }] },
          },
        ]
      : [],
});

const of = (rendered: ReturnType<typeof renderForTest>) => rendered.model.components.find((c) => c.name === 'target')!;

describe('Monitoring({ derived: true })', () => {
  it('unset, without a collector: off, no need for the CRDs, no README line', () => {
    const t = of(renderForTest([target()]));
    expect(t.objects).toEqual([]);
    expect(t.needs).toEqual([]);
    expect(t.features.join('\n')).not.toContain('Prometheus Operator');
  });

  it('unset, beside a collector: on, after the collector (its CRDs), and the README says it is derived', () => {
    const rendered = renderForTest([collector(), target()]);
    const t = of(rendered);
    expect(t.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceMonitor/target']);
    expect(t.needs).toEqual(['crd:monitoring.coreos.com']);
    expect(t.dependsOn.map((d) => d.name)).toEqual(['collector']);
    expect(t.features).toContain(
      'Metrics scraped by the Prometheus Operator (ServiceMonitor or PodMonitor), on because collector collects metrics (derived) (`serviceMonitor`)',
    );
    expect(rendered.files.get('target/README.md')).toContain('on because collector collects metrics (derived)');
  });

  it('a collector that only watches its own release does not turn it on', () => {
    const t = of(renderForTest([collector({ everyNamespace: false }), target()]));
    expect(t.objects).toEqual([]);
    expect(t.needs).toEqual([]);
  });

  it('set, the value wins: false beside a collector stays off, true without one is on and needs the CRDs', () => {
    const off = of(renderForTest([collector(), target({ serviceMonitor: false })]));
    expect(off.objects).toEqual([]);
    expect(off.needs).toEqual([]);
    const on = of(renderForTest([target({ serviceMonitor: true })], { external: ['crd:monitoring.coreos.com'] }));
    expect(on.objects).toHaveLength(1);
    expect(on.needs).toEqual(['crd:monitoring.coreos.com']);
    // Set explicitly, it is the user's choice, not a derivation.
    expect(on.features).toContain('Metrics scraped by the Prometheus Operator (ServiceMonitor or PodMonitor) (`serviceMonitor`)');
    expect(() => renderForTest([target({ serviceMonitor: true })])).toThrow(/needs crd:monitoring\.coreos\.com/);
  });

  it('the schema leaves it without a default, and says what decides it', () => {
    const schema = Monitoring({ derived: true }) as unknown as Record<string, unknown>;
    expect(schema['default']).toBeUndefined();
    expect(schema['derivedDefault']).toBe(true);
    expect(String(schema['description'])).toContain('Default: on when the cluster runs a Prometheus Operator that watches every namespace');
    expect((Monitoring() as unknown as Record<string, unknown>)['default']).toBe(false);
  });
});
