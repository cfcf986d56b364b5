/**
 * What a kind of source supplies: its model, its objects, the Flux Kustomization that applies the
 * component, its pin rule and its README rows. One file per kind; index.ts lists them.
 */
import type { ComponentSpec } from '../component.js';
import type { HelmReleaseSpec } from '../flux/objects.js';
import type { KubeObject } from '../kube.js';

/** Where a component instance comes from, after the version override and the cluster's preference. */
export interface SourceModel {
  readonly kind: 'HelmRepository' | 'OCIRepository' | 'GitRepository';
  /** Whether it is a Helm chart (a HelmRelease in `app/`) or applied straight from the source. */
  readonly chart: boolean;
  readonly url: string;
  /** Chart version or Git tag. */
  readonly version: string;
  /** The instance's own check interval of the source and chart (`sourceInterval`), over the cluster's. */
  readonly interval?: string;
  /** Chart name (charts only). */
  readonly chartName?: string;
  /** Folder applied from the repository (Git only). */
  readonly path?: string;
  /** `.gitignore`-style patterns of what not to fetch (Git only). */
  readonly ignore?: string;
  /** The shared source it uses (`sources: 'shared'`): its name in the Flux namespace. Charts only. */
  readonly shared?: { readonly name: string; readonly namespace: string };
}

/** The part of the model a source needs to build its objects. */
export interface SourceScope {
  /** Instance name: the source object's name. */
  readonly name: string;
  /** Namespace of the HelmRelease (chart sources live beside it). */
  readonly namespace: string;
  readonly fluxNamespace: string;
  readonly interval: string;
  /** The cluster's own Flux source, which holds the generated tree. */
  readonly clusterSource: { readonly kind: string; readonly name: string };
  /** Repository path of the component's folder (`./clusters/homelab/flux/infra/cilium`). */
  readonly dir: string;
}

export interface SourceKind {
  readonly kind: SourceModel['kind'];
  readonly chart: boolean;
  /** Whether this kind can serve the component with the cluster's preference (`oci` or `helm`). */
  accepts(spec: ComponentSpec, prefer: 'oci' | 'helm'): boolean;
  /** The model of the source for this component. */
  model(spec: ComponentSpec, version: string | undefined): SourceModel;
  /**
   * The source object; `app` goes into the component's app/ folder, `unit` beside its ks.yaml,
   * `shared` into the cluster's `sources` unit (it is emitted there once, not per component).
   */
  object(source: SourceModel, scope: SourceScope): { readonly where: 'app' | 'unit' | 'shared'; readonly object: KubeObject };
  /** How the HelmRelease names its chart (charts only). */
  chartRef?(source: SourceModel, scope: SourceScope): Pick<HelmReleaseSpec, 'chart' | 'chartRef'>;
  /** What the component's Flux Kustomization applies: a path in a source. */
  unit(source: SourceModel, scope: SourceScope): { readonly path: string; readonly sourceRef: { readonly kind: string; readonly name: string } };
  /** Whether a version is pinned, and how a pinned one looks, in words. */
  readonly pin: { test(version: string): boolean; readonly words: string };
  /** The URL scheme it takes. */
  readonly scheme: 'https://' | 'oci://';
  /** `flux` commands that show the source's state. */
  fluxCommands(source: SourceModel, scope: SourceScope): string[];
}
