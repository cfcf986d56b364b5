/**
 * `probe`: a small component that exists only for the CLI tests. It renders what every chart
 * component does (namespace, chart source, HelmRelease, Flux Kustomization, README) from a made-up
 * chart vendored beside it in two versions, so that the CLI's tests depend on no real component
 * package: a change to one component then tests that component and its clusters only.
 *
 * Cluster files in the tests' throw-away workspaces import it by its absolute path, {@link PROBE}.
 */
import { fileURLToPath } from 'node:url';
import { defineComponent, Duration, Type, withDefault } from '@fluxgen/core';

/** The absolute path of this module, for `import { probe } from '<PROBE>'` in generated cluster files. */
export const PROBE = fileURLToPath(import.meta.url);

export const probe = defineComponent({
  name: 'probe',
  title: 'Probe',
  summary: 'A made-up component for the CLI tests',
  category: 'core',
  namespace: 'kube-system',
  chart: { name: 'probe', version: '1.1.0', repository: 'https://charts.example.com/probe' },
  chartData: new URL('./chart/', import.meta.url),
  docs: [{ title: 'fluxgen', url: 'https://fluxcd.io/flux/' }],
  values: Type.Object({
    replicas: withDefault(Type.Integer({ minimum: 1, description: 'Replicas.' }), 1),
    interval: withDefault(Duration({ description: 'How often it probes, e.g. `15s`.' }), '15s'),
  }),
  helmValues: (v) => ({ replicas: v.replicas, interval: v.interval }),
  features: (v) => [`Probes every ${v.interval}, ${v.replicas} replica${v.replicas > 1 ? 's' : ''}`],
});
