import { describe, expect, it } from 'vitest';
import { defineCluster, renderCluster, type ClusterOptions } from '../src/index.js';
import { doc, problemsOf } from '../src/testing.js';
import { crds, web } from './components.js';

const render = (components: ClusterOptions['components'], options: Partial<ClusterOptions> = {}) =>
  renderCluster(defineCluster({ name: 'lab', ...options, components }));

describe('escape hatches: HelmRelease and Kustomization fields, extra objects', () => {
  it('release takes every HelmRelease field fluxgen does not own, merged over the cluster policy', () => {
    const { files } = render([web({ release: { maxHistory: 3, uninstall: { keepHistory: true }, install: { timeout: '15m' }, targetNamespace: 'web' } })], {
      helmRelease: { maxHistory: 5, driftDetection: { mode: 'enabled' } },
    });
    const spec = doc(files, 'web/app/helmrelease.yaml')['spec'];
    expect(spec).toMatchObject({
      maxHistory: 3,
      uninstall: { keepHistory: true },
      install: { timeout: '15m', remediation: { retries: 3 } },
      targetNamespace: 'web',
      driftDetection: { mode: 'enabled' },
    });
    expect(Object.keys(spec).at(-1)).toBe('values');
  });

  it('the Kustomization timeout covers the HelmRelease timeout unless it is set', () => {
    const ks = (files: ReadonlyMap<string, string>) => doc(files, 'web/ks.yaml')['spec'];
    expect(ks(render([web({ release: { timeout: '15m' } })]).files).timeout).toBe('15m');
    expect(ks(render([web({ release: { upgrade: { timeout: '20m' } } })]).files).timeout).toBe('20m');
    expect(ks(render([web()]).files).timeout).toBe('5m');
    expect(ks(render([web({ release: { timeout: '15m' }, kustomization: { timeout: '10m' } })]).files).timeout).toBe('10m');
  });

  it('sourceInterval sets how often one instance\'s source and chart are checked, over the cluster\'s', () => {
    const files = render([web({ sourceInterval: '12h' })], { chartSource: 'helm', flux: { sourceInterval: '1h' } }).files;
    expect(doc(files, 'web/app/helmrepository.yaml')['spec'].interval).toBe('12h');
    expect(doc(files, 'web/app/helmrelease.yaml')['spec'].chart.spec.interval).toBe('12h');
    const plain = render([web()], { chartSource: 'helm', flux: { sourceInterval: '1h' } }).files;
    expect(doc(plain, 'web/app/helmrepository.yaml')['spec'].interval).toBe('1h');
    // Without its own interval the HelmChart follows Flux's default: no field.
    expect(doc(plain, 'web/app/helmrelease.yaml')['spec'].chart.spec.interval).toBeUndefined();
    expect(problemsOf(() => render([web({ sourceInterval: '12 hours' })])).diagnostics[0]).toMatchObject({ code: 'VALUE_INVALID', path: 'sourceInterval' });
  });

  it('kustomization takes Flux Kustomization fields per instance and as a cluster default', () => {
    const { files } = render(
      [
        web({
          kustomization: {
            retryInterval: '30s',
            healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' }],
            postBuild: { substitute: { DOMAIN: 'example.com' } },
            force: true,
          },
        }),
      ],
      { kustomization: { interval: '30m', wait: false } },
    );
    expect(doc(files, 'web/ks.yaml')['spec']).toEqual({
      interval: '30m',
      retryInterval: '30s',
      timeout: '5m',
      path: './clusters/lab/flux/infra/web/app',
      prune: true,
      wait: false,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      force: true,
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' }],
      postBuild: { substitute: { DOMAIN: 'example.com' } },
    });
  });

  it('a misspelled or owned field is refused with the nearest real field', () => {
    const e = problemsOf(() =>
      render([
        // @ts-expect-error `maxHistroy` is not a HelmRelease field
        web({ release: { maxHistroy: 3 } }),
      ]),
    );
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'VALUE_UNKNOWN_KEY', path: 'release.maxHistroy', hint: 'did you mean "maxHistory"?' })]);
    // @ts-expect-error the chart is fluxgen's
    const owned = problemsOf(() => render([web({ release: { chart: { spec: { chart: 'x' } } } })]));
    expect(owned.diagnostics[0]).toMatchObject({ code: 'VALUE_UNKNOWN_KEY', path: 'release.chart' });
  });

  it('objects go next to the component: own CRDs to config/, the rest to app/, namespaced ones in its namespace', () => {
    const { files, model } = render([
      web({ needs: ['crd:example.com'], objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dashboards', labels: { grafana_dashboard: '1' } }, data: { a: 'b' } }] }),
      crds({ objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'extra' } }] }),
    ]);
    expect(doc(files, 'web/app/configmap.yaml')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dashboards', labels: { grafana_dashboard: '1' }, namespace: 'web' },
      data: { a: 'b' },
    });
    expect(doc(files, 'crds/config/widget.yaml')['metadata']).toEqual({ name: 'extra', namespace: 'crds' });
    expect(model.components.find((c) => c.name === 'crds')!.configDependsOn).toEqual([]);
  });

  it("an object of another component's CRDs orders its component after that one", () => {
    const { model } = render([web({ objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }] }), crds()]);
    expect(model.components.find((c) => c.name === 'web')!.dependsOn.map((d) => d.name)).toContain('crds');
  });

  it('an object of a group no component installs is refused at its path', () => {
    const e = problemsOf(() => render([web({ objects: [{ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' } }] })]));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'DEPENDENCY_UNMET', component: 'web', path: 'objects[0]' })]);
  });
});
