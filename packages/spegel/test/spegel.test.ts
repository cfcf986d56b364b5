import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { spegel } from '../src/index.js';

/** A stock-containerd cluster that mirrors two registries, keeps existing mirrors, and is scraped. */
const full = () =>
  spegel({
    platform: 'containerd',
    mirroredRegistries: ['https://docker.io', 'https://ghcr.io', 'https://registry.k8s.io'],
    prependExisting: true,
    resolveTags: false,
    hostPort: 29998,
    memoryLimit: '1Gi',
    monitoring: true,
    grafanaDashboard: true,
  });
const monitoring = { external: ['crd:monitoring.coreos.com'] };

const values = (files: ReadonlyMap<string, string>) => doc(files, 'spegel/app/helmrelease.yaml')['spec'].values;

describe('spegel', () => {
  it('defaults (Talos): matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([spegel()]).files)).toEqual([]);
  });

  it('defaults (Talos): OCI-only chart, Talos containerd paths, host port outside the NodePort range', () => {
    const { files } = renderForTest([spegel()]);
    const release = doc(files, 'spegel/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'spegel', namespace: 'kube-system' });
    expect(release['spec'].chartRef).toEqual({ kind: 'OCIRepository', name: 'spegel' });
    const source = doc(files, 'spegel/app/ocirepository.yaml');
    expect(source['spec'].url).toBe('oci://ghcr.io/spegel-org/helm-charts/spegel');
    expect(source['spec'].ref).toEqual({ tag: '0.7.4' });
    expect(files.has('spegel/app/helmrepository.yaml')).toBe(false);
    expect(values(files)).toEqual({
      spegel: {
        containerdSock: '/run/containerd/containerd.sock',
        containerdRegistryConfigPath: '/etc/cri/conf.d/hosts',
        containerdContentPath: '/var/lib/containerd/io.containerd.content.v1.content',
        prependExisting: false,
        resolveTags: true,
      },
      service: { registry: { hostPort: 29999 } },
      resources: { requests: { memory: '128Mi' }, limits: { memory: '512Mi' } },
    });
  });

  it('an HTTP chart source cannot be chosen: the chart is published as OCI only', () => {
    const { files } = renderForTest([spegel()], { chartSource: 'helm' });
    expect(doc(files, 'spegel/app/helmrelease.yaml')['spec'].chartRef).toEqual({ kind: 'OCIRepository', name: 'spegel' });
  });

  it('k3s: the paths of the k3s embedded containerd', () => {
    const v = values(renderForTest([spegel({ platform: 'k3s' })]).files);
    expect(v.spegel.containerdSock).toBe('/run/k3s/containerd/containerd.sock');
    expect(v.spegel.containerdRegistryConfigPath).toBe('/var/lib/rancher/k3s/agent/etc/containerd/certs.d');
    expect(v.spegel.containerdContentPath).toBe('/var/lib/rancher/k3s/agent/containerd/io.containerd.content.v1.content');
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()], monitoring).files)).toEqual([]);
  });

  it('fully configured: mirrored registries, stock containerd paths, ServiceMonitor and dashboard', () => {
    const v = values(renderForTest([full()], monitoring).files);
    expect(v.spegel).toEqual({
      containerdSock: '/run/containerd/containerd.sock',
      containerdRegistryConfigPath: '/etc/containerd/certs.d',
      containerdContentPath: '/var/lib/containerd/io.containerd.content.v1.content',
      mirroredRegistries: ['https://docker.io', 'https://ghcr.io', 'https://registry.k8s.io'],
      prependExisting: true,
      resolveTags: false,
    });
    expect(v.service).toEqual({ registry: { hostPort: 29998 } });
    expect(v.resources.limits).toEqual({ memory: '1Gi' });
    expect(v.serviceMonitor).toEqual({ enabled: true });
    expect(v.grafanaDashboard).toEqual({
      enabled: true,
      mode: 'Sidecar',
      labels: { grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Spegel' },
    });
  });

  it('fully configured: the ServiceMonitor makes the Prometheus Operator CRDs a prerequisite', () => {
    expect(problemsOf(() => renderForTest([full()])).diagnostics.map((d) => d.code)).toEqual(['DEPENDENCY_UNMET']);
  });

  it('README: the Talos prerequisite, privileged namespace and talosctl checks', () => {
    const readme = renderForTest([spegel()]).files.get('spegel/README.md')!;
    expect(readme).toContain('discard_unpacked_layers = false');
    expect(readme).toContain('talosctl -n <node> ls /etc/cri/conf.d/hosts');
    expect(readme).toContain('Mirrors every registry through the local Spegel on host port 29999');
    const other = renderForTest([full()], monitoring).files.get('spegel/README.md')!;
    expect(other).not.toContain('discard_unpacked_layers');
    expect(other).toContain('Mirrors https://docker.io, https://ghcr.io, https://registry.k8s.io');
    expect(other).toContain('cat /etc/containerd/certs.d/docker.io/hosts.toml');
  });
});
