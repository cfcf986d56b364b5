import { describe, expect, it } from 'vitest';
import { defineComponent, Type } from '@fluxgen/core';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { PROMTAIL_DEPRECATION, promtail } from '../src/index.js';

/** A stand-in for Loki: it only publishes the endpoint Promtail reads. */
const lokiStub = defineComponent({
  name: 'loki',
  title: 'Loki',
  summary: 'Publishes the loki endpoint',
  category: 'observability',
  namespace: 'monitoring',
  podSecurity: 'restricted',
  chart: { name: 'loki', version: '1.0.0', repository: 'https://charts.example.com' },
  docs: [],
  values: Type.Object({}),
  facts: () => [{ kind: 'endpoint', name: 'loki', url: 'http://loki.monitoring.svc.cluster.local:3100' }],
});

const defaults = () => renderForTest([lokiStub(), promtail()]);
const typed = () => renderForTest([promtail({ lokiUrl: 'https://logs.example.com/loki/api/v1/push', dockerLogs: true, monitoring: true })], { external: ['crd:monitoring.coreos.com'] });
const values = (files: ReadonlyMap<string, string>) => doc(files, 'promtail/app/helmrelease.yaml')['spec'].values;

describe('promtail (deprecated)', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), defaults().files)).toEqual([]);
  });

  it('defaults: the last chart 6.17.1, privileged monitoring, the Loki URL derived, containerd paths only', () => {
    const { files, model } = defaults();
    const release = doc(files, 'promtail/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'promtail', namespace: 'monitoring' });
    expect(doc(files, 'promtail/app/ocirepository.yaml')['spec']).toMatchObject({ url: 'oci://ghcr.io/grafana/helm-charts/promtail', ref: { tag: '6.17.1' } });
    expect(model.namespaces).toEqual([{ name: 'monitoring', podSecurity: 'privileged', owner: 'loki', components: ['loki', 'promtail'] }]);
    expect(values(files)).toEqual({
      fullnameOverride: 'promtail',
      config: { clients: [{ url: 'http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push', external_labels: { cluster: 'test' } }] },
      defaultVolumes: [
        { name: 'run', hostPath: { path: '/run/promtail' } },
        { name: 'pods', hostPath: { path: '/var/log/pods' } },
      ],
      defaultVolumeMounts: [
        { name: 'run', mountPath: '/run/promtail' },
        { name: 'pods', mountPath: '/var/log/pods', readOnly: true },
      ],
    });
  });

  it('warns on every render: COMPONENT_DEPRECATED, naming the cluster, the component, why and Alloy', () => {
    const { warnings } = defaults();
    expect(warnings).toEqual([
      {
        code: 'COMPONENT_DEPRECATED',
        cluster: 'test',
        component: 'promtail',
        source: 'clusters/test/cluster.ts',
        message: `is deprecated: ${PROMTAIL_DEPRECATION}; its successor is the alloy component`,
        hint: 'replace promtail(…) with alloy(…) from @fluxgen/alloy in clusters/test/cluster.ts; until then it is still generated',
      },
    ]);
    expect(PROMTAIL_DEPRECATION).toContain('2 March 2026');
    expect(PROMTAIL_DEPRECATION).toContain('Loki 3.7');
    const readme = defaults().files.get('promtail/README.md')!;
    expect(readme).toContain('**Deprecated**: Promtail reached end of life on 2 March 2026, and Loki 3.7 removed it. Move to the `alloy` component');
    // A cluster without a deprecated component has no warning.
    expect(renderForTest([lokiStub()]).warnings).toEqual([]);
  });

  it('typed URL kept as written, Docker paths, ServiceMonitor: matches the golden tree', () => {
    const { files } = typed();
    expect(goldenDiff(new URL('./golden/typed', import.meta.url), files)).toEqual([]);
    const v = values(files);
    expect(v.config.clients[0].url).toBe('https://logs.example.com/loki/api/v1/push');
    expect(v.defaultVolumes.map((x: { name: string }) => x.name)).toEqual(['run', 'containers', 'pods']);
    expect(v.serviceMonitor).toEqual({ enabled: true });
  });

  it('without a loki endpoint, lokiUrl is required', () => {
    const error = problemsOf(() => renderForTest([promtail()]));
    expect(error.diagnostics.map((d) => [d.code, d.path])).toEqual([['VALUE_MISSING', 'lokiUrl']]);
    expect(error.diagnostics[0]!.hint).toContain('alloy');
  });
});
