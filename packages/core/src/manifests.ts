/**
 * The Flux and Kubernetes objects of a component instance, built as typed values.
 *
 * A chart component's `app/` holds its namespace (when it declares one), its chart source, its
 * HelmRelease and its other objects; `config/` holds the custom resources of its own CRDs, which
 * can only be applied once the chart has installed them. A Git component is applied straight from
 * its repository, and all of its objects go to `config/`.
 */
import { posix } from 'node:path';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { FluxKustomization, HelmRelease } from './flux/objects.js';
import type { KubeObject } from './kube.js';
import { configUnit, isConfigObject, type ClusterModel, type ClusterUnitModel, type ComponentModel, type NamespaceModel, type SecretUnitModel } from './model.js';
import { sourceKind, type SourceScope } from './sources/index.js';

/** What a component's source needs to know about where it is rendered. */
export function sourceScope(model: ClusterModel, c: ComponentModel): SourceScope {
  return {
    name: c.name,
    namespace: c.namespace,
    fluxNamespace: model.flux.namespace,
    interval: c.source.interval ?? model.flux.sourceInterval ?? model.flux.interval,
    clusterSource: model.flux.sourceRef,
    dir: `./${model.dir}/flux/infra/${c.name}`,
  };
}

/** The objects of a component's `app/` folder, by file name, in kustomization order (empty when it is not a chart). */
export function appObjects(model: ClusterModel, c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  if (!c.source.chart) return byFile;
  const ns = model.namespaces.find((n) => n.name === c.namespace);
  if (ns?.owner === c.name) addByKind(byFile, namespaceObject(ns) as KubeObject);
  const source = sourceKind(c.source).object(c.source, sourceScope(model, c));
  if (source.where === 'app') addByKind(byFile, source.object);
  addByKind(byFile, helmRelease(model, c) as unknown as KubeObject);
  for (const obj of c.objects.filter((o) => !isConfigObject(c, o))) addByKind(byFile, obj);
  return byFile;
}

/** The objects of a component's `config/` folder, by file name. */
export function configObjects(c: ComponentModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  for (const obj of c.objects.filter((o) => isConfigObject(c, o))) addByKind(byFile, obj);
  return byFile;
}

/** Objects that live beside `ks.yaml` in the Flux namespace: the source of a component applied straight from it. */
export function sourceObjects(model: ClusterModel, c: ComponentModel): KubeObject[] {
  const source = sourceKind(c.source).object(c.source, sourceScope(model, c));
  return source.where === 'unit' ? [source.object] : [];
}

/**
 * The Flux Kustomizations of `ks.yaml`: `<name>` for the component itself, and `<name>-config`
 * for `config/` when there is anything in it.
 */
export function fluxKustomizations(model: ClusterModel, c: ComponentModel): FluxKustomization[] {
  const scope = sourceScope(model, c);
  const { path, sourceRef } = sourceKind(c.source).unit(c.source, scope);
  const main = fluxKustomization(model.flux.namespace, c, c.name, path, sourceRef, c.dependsOn, c.spec.prune ?? true);
  const configAfter = [{ name: c.name }, ...c.configDependsOn];
  return configObjects(c).size > 0
    ? [main, fluxKustomization(model.flux.namespace, c, configUnit(c.name), `${scope.dir}/config`, model.flux.sourceRef, configAfter, true)]
    : [main];
}

/** The Flux Kustomization of a secret backend's unit (`<unit>/ks.yaml`): its `app/` folder, with the backend's extra spec. */
export function secretUnitKustomization(model: ClusterModel, unit: SecretUnitModel): FluxKustomization {
  const path = `./${model.dir}/flux/infra/${unit.name}/app`;
  const base = fluxKustomization(model.flux.namespace, unit, unit.name, path, model.flux.sourceRef, unit.dependsOn, true);
  return { ...base, spec: { ...base.spec, ...unit.spec } as FluxKustomization['spec'] };
}

/**
 * What a secret backend's unit applies, as `app/kustomization.yaml` resources: its namespace (a
 * generated `namespace.yaml`, when it declares it) and its files, relative to that folder.
 */
export function secretUnitResources(model: ClusterModel, unit: SecretUnitModel): { namespace?: KubeObject; resources: string[] } {
  const ns = model.namespaces.find((n) => n.owner === unit.name);
  const from = `${model.dir}/flux/infra/${unit.name}/app`;
  return {
    ...(ns ? { namespace: namespaceObject(ns) as KubeObject } : {}),
    resources: [...(ns ? ['namespace.yaml'] : []), ...unit.files.map((f) => posix.relative(from, f))],
  };
}

function addByKind(byFile: Map<string, KubeObject[]>, obj: KubeObject): void {
  const file = `${obj.kind.toLowerCase()}.yaml`;
  byFile.set(file, [...(byFile.get(file) ?? []), obj]);
}

/** A cluster unit's Flux Kustomization (`<unit>/ks.yaml`): its `app/` folder, from the cluster's own source. */
export function clusterUnitKustomization(model: ClusterModel, unit: ClusterUnitModel): FluxKustomization {
  return fluxKustomization(model.flux.namespace, unit, unit.name, `./${model.dir}/flux/infra/${unit.name}/app`, model.flux.sourceRef, unit.dependsOn, true);
}

/** The objects of a cluster unit's `app/` folder, by file name (one file per kind). */
export function clusterUnitObjects(unit: ClusterUnitModel): Map<string, KubeObject[]> {
  const byFile = new Map<string, KubeObject[]>();
  for (const obj of unit.objects) addByKind(byFile, obj);
  return byFile;
}

function namespaceObject(ns: Pick<NamespaceModel, 'name' | 'podSecurity' | 'podSecurityVersion'>): Namespace {
  const level = ns.podSecurity;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns.name,
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        ...(ns.podSecurityVersion ? { 'pod-security.kubernetes.io/enforce-version': ns.podSecurityVersion } : {}),
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/warn': level,
      },
    },
  };
}

function helmRelease(model: ClusterModel, c: ComponentModel): HelmRelease {
  const { interval, timeout, install, upgrade, postRenderers, ...rest } = c.release;
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: c.name, namespace: c.namespace },
    spec: {
      releaseName: c.name,
      interval: interval!,
      ...(timeout ? { timeout } : {}),
      ...sourceKind(c.source).chartRef!(c.source, sourceScope(model, c)),
      ...(install ? { install } : {}),
      ...(upgrade ? { upgrade } : {}),
      ...(postRenderers ? { postRenderers } : {}),
      // Every other field the cluster set, in a fixed order.
      ...sortedFields(rest),
      values: c.helmValues,
    },
  };
}

function sortedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ) as Partial<T>;
}

function fluxKustomization(
  fluxNamespace: string,
  c: Pick<ComponentModel, 'kustomization'>,
  name: string,
  path: string,
  sourceRef: { readonly kind: string; readonly name: string },
  dependsOn: readonly { readonly name: string }[],
  prune: boolean,
): FluxKustomization {
  const { interval, retryInterval, timeout, wait, ...rest } = c.kustomization;
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: fluxNamespace },
    spec: {
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((d) => ({ name: d.name })) } : {}),
      interval,
      retryInterval,
      timeout,
      path,
      prune,
      wait,
      sourceRef: { kind: sourceRef.kind as 'GitRepository', name: sourceRef.name },
      ...sortedFields(rest),
    },
  };
}
