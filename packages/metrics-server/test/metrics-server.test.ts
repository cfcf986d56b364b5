import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, renderForTest } from '@fluxgen/core/testing';
import { metricsServer } from '../src/index.js';

const full = () =>
  metricsServer({
    kubelet: { insecureTLS: true, preferredAddressTypes: ['InternalIP'], useNodeStatusPort: false },
    metricResolution: '10s',
    replicas: 2,
    serviceMonitor: true,
  });

describe('metrics-server', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([metricsServer()]).files)).toEqual([]);
  });

  it('defaults: keeps the chart\'s own arguments', () => {
    const { files } = renderForTest([metricsServer()]);
    const release = doc(files, 'metrics-server/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'metrics-server', namespace: 'kube-system' });
    expect(release['spec'].chart.spec).toEqual({
      chart: 'metrics-server',
      version: '3.13.1',
      sourceRef: { kind: 'HelmRepository', name: 'metrics-server' },
    });
    expect(doc(files, 'metrics-server/app/helmrepository.yaml')['spec'].url).toBe(
      'https://kubernetes-sigs.github.io/metrics-server/',
    );
    expect(release['spec'].values).toEqual({
      defaultArgs: [
        '--cert-dir=/tmp',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--kubelet-use-node-status-port',
        '--metric-resolution=15s',
      ],
      args: [],
      replicas: 1,
    });
  });

  it('fully configured: matches the golden tree', () => {
    const rendered = renderForTest([full()], { external: ['crd:monitoring.coreos.com'] });
    expect(goldenDiff(new URL('./golden/full', import.meta.url), rendered.files)).toEqual([]);
  });

  it('fully configured: kubelet flags, PDB and ServiceMonitor', () => {
    const { files } = renderForTest([full()], { external: ['crd:monitoring.coreos.com'] });
    expect(doc(files, 'metrics-server/app/helmrelease.yaml')['spec'].values).toEqual({
      defaultArgs: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP', '--metric-resolution=10s'],
      args: ['--kubelet-insecure-tls'],
      replicas: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      metrics: { enabled: true },
      serviceMonitor: { enabled: true },
    });
  });
});
