/**
 * The Flux and Kubernetes objects of a component instance, built as typed values.
 */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { FluxKustomization, FluxSource, HelmRelease, HelmReleaseSpec } from './flux/objects.js';
import type { KubeObject } from './kube.js';
import type { ClusterModel, ComponentModel } from './model.js';

/** The objects of one component's `app/` folder, by file name, in kustomization order. */
export function componentObjects(model: ClusterModel, c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  const add = (obj: KubeObject) => {
    const file = `${obj.kind.toLowerCase()}.yaml`;
    byFile.set(file, [...(byFile.get(file) ?? []), obj]);
  };
  const ns = model.namespaces.find((n) => n.name === c.namespace);
  if (ns?.owner === c.name) add(namespaceObject(ns.name, ns.podSecurity) as KubeObject);
  add(sourceObject(model, c) as unknown as KubeObject);
  add(helmRelease(c) as unknown as KubeObject);
  for (const obj of appObjects(c)) add(obj);
  return byFile;
}

/** The objects of `config/`: custom resources of the component's own CRDs, by file name. */
export function configObjects(c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  for (const obj of c.objects.filter((o) => ownsGroup(c, o))) {
    const file = `${obj.kind.toLowerCase()}.yaml`;
    byFile.set(file, [...(byFile.get(file) ?? []), obj]);
  }
  return byFile;
}

function appObjects(c: ComponentModel): KubeObject[] {
  return c.objects.filter((o) => !ownsGroup(c, o));
}

/**
 * Custom resources whose CRDs the component installs itself cannot be applied with the chart
 * (the CRDs do not exist yet at dry-run), so they go to a second Flux Kustomization.
 */
function ownsGroup(c: ComponentModel, obj: KubeObject): boolean {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  return c.provides.includes(`crd:${group}`);
}

function namespaceObject(name: string, level: string): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/warn': level,
      },
    },
  };
}

function sourceObject(model: ClusterModel, c: ComponentModel): FluxSource {
  const metadata = { name: c.name, namespace: c.namespace };
  if (c.chart.kind === 'OCIRepository') {
    return {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata,
      spec: {
        interval: model.flux.interval,
        url: c.chart.url,
        ref: { tag: c.chart.version },
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      },
    };
  }
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata,
    spec: { interval: model.flux.interval, url: c.chart.url },
  };
}

function helmRelease(c: ComponentModel): HelmRelease {
  const { interval, timeout, install, upgrade, postRenderers } = c.release;
  const chart: Pick<HelmReleaseSpec, 'chart' | 'chartRef'> =
    c.chart.kind === 'OCIRepository'
      ? { chartRef: { kind: 'OCIRepository', name: c.name } }
      : {
          chart: {
            spec: { chart: c.chart.chart, version: c.chart.version, sourceRef: { kind: 'HelmRepository', name: c.name } },
          },
        };
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: c.name, namespace: c.namespace },
    spec: {
      releaseName: c.name,
      interval: interval!,
      ...(timeout ? { timeout } : {}),
      ...chart,
      ...(install ? { install } : {}),
      ...(upgrade ? { upgrade } : {}),
      ...(postRenderers ? { postRenderers: postRenderers as HelmReleaseSpec['postRenderers'] } : {}),
      values: c.helmValues,
    },
  };
}

/**
 * The Flux Kustomizations of `ks.yaml`: `<name>` for `app/`, and `<name>-config` for `config/`
 * when the component emits resources of its own CRDs.
 */
export function fluxKustomizations(model: ClusterModel, c: ComponentModel): FluxKustomization[] {
  const app = fluxKustomization(model, c, c.name, 'app', c.dependsOn.map((d) => d.name));
  return configObjects(c).size > 0 ? [app, fluxKustomization(model, c, `${c.name}-config`, 'config', [c.name])] : [app];
}

function fluxKustomization(
  model: ClusterModel,
  c: ComponentModel,
  name: string,
  folder: 'app' | 'config',
  dependsOn: readonly string[],
): FluxKustomization {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: model.flux.namespace },
    spec: {
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((d) => ({ name: d })) } : {}),
      interval: model.flux.interval,
      retryInterval: model.flux.retryInterval,
      timeout: model.flux.timeout,
      path: `./${model.dir}/flux/infra/${c.name}/${folder}`,
      prune: true,
      wait: true,
      sourceRef: { kind: model.flux.sourceRef.kind as 'GitRepository', name: model.flux.sourceRef.name },
    },
  };
}
