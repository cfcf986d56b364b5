/** A component's Pod Security level may follow from its values: the namespace label and the README follow it. */
import { describe, expect, it } from 'vitest';
import { defineComponent, Type, withDefault } from '../src/index.js';
import { doc, renderForTest } from '../src/testing.js';

const collector = defineComponent({
  name: 'collector',
  title: 'Collector',
  summary: 'Reads host paths only when asked to',
  category: 'observability',
  namespace: 'logs',
  podSecurity: (v) => (v.hostPaths ? 'privileged' : 'restricted'),
  chart: { name: 'collector', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({ hostPaths: withDefault(Type.Boolean({ description: 'Mount host paths.' }), false) }),
});

const level = (files: ReadonlyMap<string, string>) => doc(files, 'collector/app/namespace.yaml')['metadata'].labels['pod-security.kubernetes.io/enforce'];

describe('podSecurity as a function of the values', () => {
  it('labels the namespace with the level of the configuration', () => {
    const plain = renderForTest([collector()]);
    expect(plain.model.components[0]!.podSecurity).toBe('restricted');
    expect(level(plain.files)).toBe('restricted');
    const host = renderForTest([collector({ hostPaths: true })]);
    expect(host.model.components[0]!.podSecurity).toBe('privileged');
    expect(level(host.files)).toBe('privileged');
    expect(host.files.get('README.md')).toContain('| `logs` | `privileged` | collector | host access');
  });
});
