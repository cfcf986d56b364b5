/**
 * The Flux and Kubernetes objects of a component instance, built as typed values.
 *
 * A chart component's `app/` holds its namespace (when it declares one), its chart source, its
 * HelmRelease and its other objects; `config/` holds the custom resources of its own CRDs, which
 * can only be applied once the chart has installed them. A Git component is applied straight from
 * its repository, and all of its objects go to `config/`.
 */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { FluxKustomization, FluxSource, GitRepository, HelmRelease, HelmReleaseSpec } from './flux/objects.js';
import type { KubeObject } from './kube.js';
import { configUnit, type ClusterModel, type ComponentModel } from './model.js';

/** The objects of a component's `app/` folder, by file name, in kustomization order (empty for Git components). */
export function appObjects(model: ClusterModel, c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  if (c.source.kind === 'GitRepository') return byFile;
  const ns = model.namespaces.find((n) => n.name === c.namespace);
  if (ns?.owner === c.name) addByKind(byFile, namespaceObject(ns.name, ns.podSecurity) as KubeObject);
  addByKind(byFile, chartSource(model, c) as unknown as KubeObject);
  addByKind(byFile, helmRelease(c) as unknown as KubeObject);
  for (const obj of c.objects.filter((o) => !ownsGroup(c, o))) addByKind(byFile, obj);
  return byFile;
}

/** The objects of a component's `config/` folder, by file name. */
export function configObjects(c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  const git = c.source.kind === 'GitRepository';
  for (const obj of c.objects.filter((o) => git || ownsGroup(c, o))) addByKind(byFile, obj);
  return byFile;
}

/** Objects that live beside `ks.yaml` in the Flux namespace: the GitRepository of a Git component. */
export function sourceObjects(model: ClusterModel, c: ComponentModel): GitRepository[] {
  if (c.source.kind !== 'GitRepository') return [];
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: c.name, namespace: model.flux.namespace },
      spec: {
        interval: model.flux.interval,
        url: c.source.url,
        ref: { tag: c.source.version },
        ...(c.source.ignore ? { ignore: c.source.ignore } : {}),
      },
    },
  ];
}

/**
 * The Flux Kustomizations of `ks.yaml`: `<name>` for the component itself, and `<name>-config`
 * for `config/` when there is anything in it.
 */
export function fluxKustomizations(model: ClusterModel, c: ComponentModel): FluxKustomization[] {
  const dir = `./${model.dir}/flux/infra/${c.name}`;
  const prune = c.spec.prune ?? true;
  const main =
    c.source.kind === 'GitRepository'
      ? fluxKustomization(model, c.name, c.source.path, { kind: 'GitRepository', name: c.name }, c.dependsOn, prune)
      : fluxKustomization(model, c.name, `${dir}/app`, model.flux.sourceRef, c.dependsOn, prune);
  const configAfter = [{ name: c.name }, ...c.configDependsOn];
  return configObjects(c).size > 0
    ? [main, fluxKustomization(model, configUnit(c.name), `${dir}/config`, model.flux.sourceRef, configAfter, true)]
    : [main];
}

function addByKind(byFile: Map<string, KubeObject[]>, obj: KubeObject): void {
  const file = `${obj.kind.toLowerCase()}.yaml`;
  byFile.set(file, [...(byFile.get(file) ?? []), obj]);
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

function chartSource(model: ClusterModel, c: ComponentModel): FluxSource {
  const metadata = { name: c.name, namespace: c.namespace };
  if (c.source.kind === 'OCIRepository') {
    return {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata,
      spec: {
        interval: model.flux.interval,
        url: c.source.url,
        ref: { tag: c.source.version },
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      },
    };
  }
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata,
    spec: { interval: model.flux.interval, url: c.source.url },
  };
}

function helmRelease(c: ComponentModel): HelmRelease {
  const { interval, timeout, install, upgrade, postRenderers } = c.release;
  const source = c.source;
  const chart: Pick<HelmReleaseSpec, 'chart' | 'chartRef'> =
    source.kind === 'OCIRepository'
      ? { chartRef: { kind: 'OCIRepository', name: c.name } }
      : {
          chart: {
            spec: {
              chart: source.kind === 'HelmRepository' ? source.chart : c.name,
              version: source.version,
              sourceRef: { kind: 'HelmRepository', name: c.name },
            },
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

function fluxKustomization(
  model: ClusterModel,
  name: string,
  path: string,
  sourceRef: { readonly kind: string; readonly name: string },
  dependsOn: readonly { readonly name: string }[],
  prune: boolean,
): FluxKustomization {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: model.flux.namespace },
    spec: {
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((d) => ({ name: d.name })) } : {}),
      interval: model.flux.interval,
      retryInterval: model.flux.retryInterval,
      timeout: model.flux.timeout,
      path,
      prune,
      wait: true,
      sourceRef: { kind: sourceRef.kind as 'GitRepository', name: sourceRef.name },
    },
  };
}
