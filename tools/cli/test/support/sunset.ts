/**
 * `sunset`: a made-up deprecated component for the CLI tests (like `probe`, whose chart data it
 * shares), so that the COMPONENT_DEPRECATED warning is tested without a real component package.
 * Cluster files in the tests' throw-away workspaces import it by its absolute path, {@link SUNSET}.
 */
import { fileURLToPath } from 'node:url';
import { defineComponent, Type } from '@fluxgen/core';

export const SUNSET = fileURLToPath(import.meta.url);

export const sunset = defineComponent({
  name: 'sunset',
  title: 'Sunset',
  summary: 'A made-up deprecated component for the CLI tests',
  category: 'core',
  namespace: 'kube-system',
  chart: { name: 'probe', version: '1.1.0', repository: 'https://charts.example.com/probe' },
  chartData: new URL('./chart/', import.meta.url),
  lifecycle: { deprecated: 'its upstream stopped on 1 January 2026', successor: 'probe' },
  docs: [{ title: 'fluxgen', url: 'https://fluxcd.io/flux/' }],
  values: Type.Object({}),
});
