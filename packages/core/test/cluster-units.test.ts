import { describe, expect, it } from 'vitest';
import { defineCluster, defineComponent, renderCluster, Type, type ClusterOptions } from '../src/index.js';
import { chartVersionReadyExpr } from '../src/model.js';
import { doc, parseYamlFile, problemsOf } from '../src/testing.js';
import { crds, gitCrds, web } from './components.js';

const render = (components: ClusterOptions['components'], options: Partial<ClusterOptions> = {}) =>
  renderCluster(defineCluster({ name: 'lab', ...options, components }));

const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'web' }, spec: { size: 1 } };

describe('cluster-level objects: their own unit, ordered after what they need', () => {
  it('go to cluster-objects/app, one file per kind, after the CRDs of their group and the owner of their namespace', () => {
    const { files, model } = render([web(), crds()], {
      objects: [
        widget,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-settings', namespace: 'flux-system' }, data: { DOMAIN: 'example.com' } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'read-widgets' }, rules: [] },
      ],
    });
    expect([...files.keys()].filter((p) => p.startsWith('cluster-objects/'))).toEqual([
      'cluster-objects/app/clusterrole.yaml',
      'cluster-objects/app/configmap.yaml',
      'cluster-objects/app/kustomization.yaml',
      'cluster-objects/app/widget.yaml',
      'cluster-objects/ks.yaml',
    ]);
    expect(doc(files, 'cluster-objects/ks.yaml')).toMatchObject({
      kind: 'Kustomization',
      metadata: { name: 'cluster-objects', namespace: 'flux-system' },
      spec: { dependsOn: [{ name: 'crds' }, { name: 'web' }], path: './clusters/lab/flux/infra/cluster-objects/app', prune: true, wait: true },
    });
    expect(doc(files, 'cluster-objects/app/kustomization.yaml')['resources']).toEqual(['widget.yaml', 'configmap.yaml', 'clusterrole.yaml']);
    expect(parseYamlFile(files.get('kustomization.yaml')!)[0]).toMatchObject({ resources: expect.arrayContaining(['cluster-objects/ks.yaml']) });
    const unit = model.clusterUnits.find((u) => u.name === 'cluster-objects')!;
    expect(unit.dependsOn).toEqual([
      { name: 'crds', because: ['crd:example.com'] },
      { name: 'web', because: ['namespace:web'] },
    ]);
  });

  it('a namespace declared among them is theirs; one fluxgen declares for a component is refused', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenants' } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quota', namespace: 'tenants' }, data: {} };
    const { model } = render([web()], { objects: [ns, cm] });
    expect(model.clusterUnits[0]!.provides).toEqual(['namespace:tenants']);
    expect(model.clusterUnits[0]!.needs).toEqual([]);
    const e = problemsOf(() => render([web()], { objects: [{ ...ns, metadata: { name: 'web' } }] }));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'NAME_DUPLICATE', path: 'objects[0]', got: 'web' })]);
  });

  it('a namespaced object without a namespace is refused: there is no component to take one from', () => {
    const e = problemsOf(() => render([web()], { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] }));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_MISSING', path: 'objects[0].metadata.namespace' })]);
    expect(e.diagnostics[0]!.component).toBeUndefined();
  });

  it('a kind of a group no component installs is refused with the ways to declare it', () => {
    const e = problemsOf(() =>
      render([web()], { objects: [{ apiVersion: 'cilium.io/v2', kind: 'CiliumNodeConfig', metadata: { name: 'lan', namespace: 'kube-system' } }] }),
    );
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'DEPENDENCY_UNMET', path: 'objects[0]', got: 'cilium.io/v2 CiliumNodeConfig' })]);
    expect(e.diagnostics[0]!.hint).toContain("crds: [{ group: 'cilium.io', from: '<component>' }]");
  });

  it('a kind Kubernetes does not serve in a built-in group is refused, with the nearest kind or the group that serves it', () => {
    const e = problemsOf(() =>
      render([web({ objects: [{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'd' } }] })], {
        objects: [{ apiVersion: 'apps/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'web' } }],
      }),
    );
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'OBJECT_KIND_UNKNOWN', component: 'web', path: 'objects[0].kind', got: 'Deploymnet', hint: 'did you mean "Deployment"?' }),
      expect.objectContaining({ code: 'OBJECT_KIND_UNKNOWN', path: 'objects[0].kind', got: 'Ingress', hint: expect.stringContaining('networking.k8s.io') }),
    ]);
  });
});

describe('crds: where CRDs fluxgen does not know come from', () => {
  const nodeConfig = { apiVersion: 'cilium.io/v2', kind: 'CiliumNodeConfig', metadata: { name: 'lan' }, spec: { nodeSelector: {}, defaults: {} } };

  it('from a component: it provides the group, and the objects of the group wait for it', () => {
    const { files, model } = render([web({ objects: [nodeConfig] }), crds()], {
      crds: [{ group: 'cilium.io', from: 'crds' }],
    });
    expect(model.components.find((c) => c.name === 'crds')!.provides).toContain('crd:cilium.io');
    expect(doc(files, 'web/ks.yaml')['spec']['dependsOn']).toEqual([{ name: 'crds' }]);
    expect(doc(files, 'web/app/ciliumnodeconfig.yaml')['metadata']).toEqual({ name: 'lan', namespace: 'web' });
  });

  it('without from: installed outside this tree; declared cluster-scoped kinds get no namespace', () => {
    const { files } = render(
      [web({ objects: [{ apiVersion: 'example.net/v1', kind: 'Policy', metadata: { name: 'p' } }, { apiVersion: 'example.net/v1', kind: 'Local', metadata: { name: 'l' } }] })],
      { crds: [{ group: 'example.net', clusterScoped: ['Policy'] }] },
    );
    expect(doc(files, 'web/app/policy.yaml')['metadata']).toEqual({ name: 'p' });
    expect(doc(files, 'web/app/local.yaml')['metadata']).toEqual({ name: 'l', namespace: 'web' });
    expect(doc(files, 'web/ks.yaml')['spec']['dependsOn']).toBeUndefined();
  });

  it('a from that names no component, or a built-in group, is refused at its path', () => {
    const e = problemsOf(() => render([web()], { crds: [{ group: 'cilium.io', from: 'cilium' }, { group: 'apps' }] }));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'crds[0].from', got: 'cilium', hint: expect.stringContaining('one of: web') }),
      expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'crds[1].group', got: 'apps' }),
    ]);
  });
});

describe("sources: 'shared': one source per repository URL in the Flux namespace", () => {
  const second = web({ name: 'web-two', namespace: 'web2' });

  it('keeps one HelmRepository per URL in flux-system, named by every HelmRelease, in a unit the releases wait for', () => {
    const { files, model } = render([web(), second, crds()], { sources: 'shared' });
    const repos = parseYamlFile(files.get('sources/app/helmrepository.yaml')!);
    expect(repos).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'charts-example-com', namespace: 'flux-system' },
        spec: { interval: '1h', url: 'https://charts.example.com' },
      },
    ]);
    expect(doc(files, 'sources/app/ocirepository.yaml')).toMatchObject({
      metadata: { name: 'crds', namespace: 'flux-system' },
      spec: { url: 'oci://registry.example.com/charts/crds', ref: { tag: '0.1.0' } },
    });
    for (const name of ['web', 'web-two']) {
      expect(doc(files, `${name}/app/helmrelease.yaml`)['spec']['chart']['spec']['sourceRef']).toEqual({
        kind: 'HelmRepository',
        name: 'charts-example-com',
        namespace: 'flux-system',
      });
      expect(files.has(`${name}/app/helmrepository.yaml`)).toBe(false);
      expect(doc(files, `${name}/ks.yaml`)['spec']['dependsOn']).toEqual([{ name: 'sources' }]);
    }
    expect(doc(files, 'crds/app/helmrelease.yaml')['spec']['chartRef']).toEqual({ kind: 'OCIRepository', name: 'crds', namespace: 'flux-system' });
    expect(doc(files, 'sources/ks.yaml')['spec']).toMatchObject({ path: './clusters/lab/flux/infra/sources/app' });
    expect(doc(files, 'sources/ks.yaml')['spec']['dependsOn']).toBeUndefined();
    expect(model.sources).toBe('shared');
    expect(files.get('web/README.md')).toContain('from HelmRepository `https://charts.example.com` (shared: `flux-system/charts-example-com`)');
    expect(files.get('web/README.md')).toContain('Waits for the unit `sources`: the chart sources the HelmReleases share.');
  });

  it('two versions of one OCI chart get a source each; a Git component keeps its own GitRepository', () => {
    const { files } = render([crds(), crds({ name: 'crds-next', namespace: 'crds2', version: '0.2.0' }), gitCrds()], { sources: 'shared' });
    const oci = parseYamlFile(files.get('sources/app/ocirepository.yaml')!) as { metadata: { name: string }; spec: { ref: { tag: string } } }[];
    expect(oci.map((o) => [o.metadata.name, o.spec.ref.tag])).toEqual([
      ['crds', '0.1.0'],
      ['crds-0-2-0', '0.2.0'],
    ]);
    expect(doc(files, 'crds-next/app/helmrelease.yaml')['spec']['chartRef']['name']).toBe('crds-0-2-0');
    expect(files.has('git-crds/gitrepository.yaml')).toBe(true);
    expect(doc(files, 'git-crds/ks.yaml')['spec']['dependsOn']).toBeUndefined();
  });

  it('per component stays the default', () => {
    const { files, model } = render([web()]);
    expect(files.has('web/app/helmrepository.yaml')).toBe(true);
    expect(model.clusterUnits).toEqual([]);
  });

  it('a component named like a cluster unit is refused', () => {
    const e = problemsOf(() => render([web({ name: 'sources' })], { sources: 'shared' }));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'NAME_DUPLICATE', component: 'sources', path: 'name' })]);
  });
});

describe('Pod Security enforce-version', () => {
  const labels = (files: ReadonlyMap<string, string>, path: string) => doc(files, path)['metadata']['labels'];

  it('the cluster pins a version for every namespace fluxgen declares; an instance pins its own namespace', () => {
    const { files } = render([web({ podSecurityVersion: 'v1.33' }), crds()], { podSecurityVersion: 'latest' });
    expect(labels(files, 'web/app/namespace.yaml')).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
    expect(labels(files, 'crds/app/namespace.yaml')['pod-security.kubernetes.io/enforce-version']).toBe('latest');
    expect(labels(render([web()]).files, 'web/app/namespace.yaml')['pod-security.kubernetes.io/enforce-version']).toBeUndefined();
  });

  it('two versions for one namespace, or a version that is not one, are refused', () => {
    const e = problemsOf(() => render([web({ podSecurityVersion: 'v1.33' }), crds({ namespace: 'web', podSecurityVersion: 'v1.32' })]));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_INVALID', component: 'crds', path: 'podSecurityVersion', got: 'v1.32' })]);
    const bad = problemsOf(() => render([web()], { podSecurityVersion: '1.33' as never }));
    expect(bad.diagnostics).toEqual([expect.objectContaining({ code: 'CLUSTER_INVALID', path: 'podSecurityVersion' })]);
  });
});

describe('objects of a Git component', () => {
  it('wait in its config/ unit for the CRDs of their group, so the CRDs themselves do not wait', () => {
    const { model } = render([gitCrds({ objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'kube-system' } }] }), crds()]);
    const git = model.components.find((c) => c.name === 'git-crds')!;
    expect(git.dependsOn).toEqual([]);
    expect(git.configDependsOn).toEqual([{ name: 'crds', because: ['crd:example.com'] }]);
  });
});

describe('Flux 2.8 presets a component declares', () => {
  const after = defineComponent({
    name: 'after-crds',
    title: 'After',
    summary: 'Upgrades after the crds chart',
    category: 'core',
    namespace: 'after',
    chart: { name: 'after', version: '0.1.0', oci: 'oci://registry.example.com/charts/after' },
    docs: [],
    values: Type.Object({}),
    releaseDependsOn: () => [{ component: 'crds', readyExpr: 'chart-version' }, { component: 'absent' }],
    kustomization: { healthCheckExprs: [{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'" }] },
    release: { driftDetection: { mode: 'enabled', ignore: [{ paths: ['/webhooks/0/failurePolicy'], target: { kind: 'ValidatingWebhookConfiguration' } }] } },
  });

  it('HelmRelease dependsOn with readyExpr on the instance of another component (renamed or not), health check expressions, drift ignore rules', () => {
    const { files } = render([crds({ name: 'widgets', namespace: 'widgets', version: '0.1.0' }), after()]);
    const spec = doc(files, 'after-crds/app/helmrelease.yaml')['spec'];
    expect(spec['dependsOn']).toEqual([{ name: 'widgets', namespace: 'widgets', readyExpr: chartVersionReadyExpr('0.1.0') }]);
    expect(spec['dependsOn'][0].readyExpr).toContain("dep.status.history[0].chartVersion == '0.1.0'");
    expect(spec['driftDetection']).toEqual({ mode: 'enabled', ignore: [{ paths: ['/webhooks/0/failurePolicy'], target: { kind: 'ValidatingWebhookConfiguration' } }] });
    expect(doc(files, 'after-crds/ks.yaml')['spec']['healthCheckExprs']).toEqual([{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'" }]);
    // The cluster's own settings go over the preset.
    const over = render([crds(), after({ kustomization: { healthCheckExprs: [] } })]).files;
    expect(doc(over, 'after-crds/ks.yaml')['spec']['healthCheckExprs']).toEqual([]);
  });
});

describe('objects the cluster adds are checked against everything else in the tree', () => {
  it('one that another unit (or an earlier entry) already applies is NAME_DUPLICATE at its path', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace: 'web' }, data: {} };
    const e = problemsOf(() => render([web({ objects: [cm] }), crds({ widgets: ['a'] })], { objects: [cm, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a', namespace: 'crds' } }] }));
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ code: 'NAME_DUPLICATE', path: 'objects[0]', message: 'ConfigMap web/shared is also applied by web: two entries would fight over one object' }),
      expect.objectContaining({ code: 'NAME_DUPLICATE', path: 'objects[1]', message: 'Widget crds/a is also applied by crds: two entries would fight over one object' }),
    ]);
    const twice = problemsOf(() => render([web({ objects: [cm, cm] })]));
    expect(twice.diagnostics).toEqual([expect.objectContaining({ code: 'NAME_DUPLICATE', component: 'web', path: 'objects[1]' })]);
  });

  it('a Secret with a literal credential among them is refused by the secrets policy', () => {
    const e = problemsOf(() =>
      render([web()], { objects: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'web' }, stringData: { password: 'hunter2hunter2' } }] }),
    );
    expect(e.diagnostics.map((d) => d.code)).toContain('POLICY_PLAINTEXT_SECRET');
  });
});

describe('flux.sourceInterval', () => {
  it('sets how often every chart and Git source is checked, per component or shared; the units keep their interval', () => {
    const per = render([web(), gitCrds()], { flux: { sourceInterval: '5m' } }).files;
    expect(doc(per, 'web/app/helmrepository.yaml')['spec']['interval']).toBe('5m');
    expect(doc(per, 'git-crds/gitrepository.yaml')['spec']['interval']).toBe('5m');
    expect(doc(per, 'web/ks.yaml')['spec']['interval']).toBe('1h');
    const shared = render([crds()], { sources: 'shared', flux: { sourceInterval: '5m' } }).files;
    expect(doc(shared, 'sources/app/ocirepository.yaml')['spec']['interval']).toBe('5m');
    expect(doc(render([web()]).files, 'web/app/helmrepository.yaml')['spec']['interval']).toBe('1h');
  });
});
