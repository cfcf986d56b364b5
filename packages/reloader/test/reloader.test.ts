import { describe, expect, it } from 'vitest';
import { doc, goldenDiff, problemsOf, renderForTest } from '@fluxgen/core/testing';
import { reloader } from '../src/index.js';

/** Scoped to a few namespaces, annotation strategy, HA, PodMonitor. */
const full = () =>
  reloader({
    namespaces: ['monitoring', 'media'],
    reloadStrategy: 'annotations',
    autoReloadAll: true,
    watch: { configMaps: true, secrets: true },
    reloadOnCreate: true,
    replicas: 2,
    logFormat: 'text',
    monitoring: true,
  });
const monitoring = { external: ['crd:monitoring.coreos.com'] };

const values = (files: ReadonlyMap<string, string>) => doc(files, 'reloader/app/helmrelease.yaml')['spec'].values;

describe('reloader', () => {
  it('defaults: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/defaults', import.meta.url), renderForTest([reloader()]).files)).toEqual([]);
  });

  it('defaults: OCI chart in kube-system, every namespace watched, restricted security context', () => {
    const { files } = renderForTest([reloader()]);
    const release = doc(files, 'reloader/app/helmrelease.yaml');
    expect(release['metadata']).toEqual({ name: 'reloader', namespace: 'kube-system' });
    expect(release['spec'].chartRef).toEqual({ kind: 'OCIRepository', name: 'reloader' });
    const source = doc(files, 'reloader/app/ocirepository.yaml');
    expect(source['spec'].url).toBe('oci://ghcr.io/stakater/charts/reloader');
    expect(source['spec'].ref).toEqual({ tag: '2.2.16' });
    expect(doc(files, 'reloader/ks.yaml')['spec'].dependsOn).toBeUndefined();
    expect(values(files)).toEqual({
      fullnameOverride: 'reloader',
      reloader: {
        autoReloadAll: false,
        reloadStrategy: 'default',
        reloadOnCreate: false,
        ignoreConfigMaps: false,
        ignoreSecrets: false,
        watchGlobally: true,
        ignoreNamespaces: '',
        logFormat: 'json',
        readOnlyRootFileSystem: true,
        enableHA: false,
        deployment: {
          replicas: 1,
          containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      },
    });
  });

  it('ignored namespaces are joined with commas', () => {
    const v = values(renderForTest([reloader({ ignoreNamespaces: ['kube-system', 'flux-system'] })]).files);
    expect(v.reloader.ignoreNamespaces).toBe('kube-system,flux-system');
    expect(v.reloader.watchGlobally).toBe(true);
  });

  it('fully configured: matches the golden tree', () => {
    expect(goldenDiff(new URL('./golden/full', import.meta.url), renderForTest([full()], monitoring).files)).toEqual([]);
  });

  it('fully configured: scoped namespaces, leader election with a PDB, PodMonitor in the literal namespace', () => {
    const v = values(renderForTest([full()], monitoring).files);
    expect(v.reloader.watchGlobally).toBe(false);
    expect(v.reloader.namespaces).toEqual(['monitoring', 'media']);
    expect(v.reloader.ignoreNamespaces).toBeUndefined();
    expect(v.reloader.reloadStrategy).toBe('annotations');
    expect(v.reloader.autoReloadAll).toBe(true);
    expect(v.reloader.reloadOnCreate).toBe(true);
    expect(v.reloader.logFormat).toBe('');
    expect(v.reloader.enableHA).toBe(true);
    expect(v.reloader.deployment.replicas).toBe(2);
    expect(v.reloader.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    expect(v.reloader.podMonitor).toEqual({ enabled: true, namespace: 'kube-system' });
  });

  it('fully configured: the PodMonitor makes the Prometheus Operator CRDs a prerequisite', () => {
    expect(problemsOf(() => renderForTest([full()])).diagnostics.map((d) => d.code)).toEqual(['DEPENDENCY_UNMET']);
  });

  it('a renamed instance names its objects and PodMonitor namespace after itself', () => {
    const { files } = renderForTest([reloader({ name: 'reloader-apps', namespace: 'apps', monitoring: true })], monitoring);
    const v = doc(files, 'reloader-apps/app/helmrelease.yaml')['spec'].values;
    expect(v.fullnameOverride).toBe('reloader-apps');
    expect(v.reloader.podMonitor.namespace).toBe('apps');
  });

  it('README: scope, opt-in annotations, RBAC reach and the drift symptom', () => {
    const files = renderForTest([full()], monitoring).files;
    const readme = files.get('reloader/README.md')!;
    expect(readme).toContain('Watches namespaces `monitoring`, `media` (and its own), ConfigMaps and Secrets, also on creation');
    expect(readme).toContain('Roles, no ClusterRole');
    expect(readme).toContain('drift detection');
    const defaults = renderForTest([reloader()]).files.get('reloader/README.md')!;
    expect(defaults).toContain('`reloader.stakater.com/auto: "true"`');
    expect(defaults).toContain('ClusterRole');
    expect(defaults).toContain('kubectl get pods -n kube-system -l app=reloader');
  });

  it('publishes the opt-in annotation and the watched namespaces as a workload-restarter fact', () => {
    const ctx = { cluster: 'test', name: 'reloader', namespace: 'kube-system', fluxNamespace: 'flux-system' };
    type V = Parameters<NonNullable<typeof reloader.spec.facts>>[0];
    expect(reloader.spec.facts!({ namespaces: [] } as unknown as V, ctx)).toEqual([
      { kind: 'workload-restarter', annotation: 'reloader.stakater.com/auto', value: 'true', namespaces: [], path: 'namespaces' },
    ]);
    expect(reloader.spec.facts!({ namespaces: ['media', 'kube-system'] } as unknown as V, ctx)[0]).toMatchObject({
      namespaces: ['media', 'kube-system'],
    });
    expect(reloader.spec.facts!({ namespaces: ['media'] } as unknown as V, ctx)[0]).toMatchObject({ namespaces: ['media', 'kube-system'] });
  });
});
