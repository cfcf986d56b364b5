/**
 * The rendered layout, read back from the documents render.ts built: each component's files,
 * its Flux Kustomizations (units) with their `dependsOn`, its HelmRelease and the other objects
 * it applies. The README views document this; they never rebuild it.
 */
import type { ClusterModel, ComponentModel } from '../model.js';

/** A Flux Kustomization of the tree. */
export interface Unit {
  readonly name: string;
  readonly component: string;
  /** Whether it applies the component's own `config/` objects. */
  readonly config: boolean;
  readonly dependsOn: readonly string[];
  /** Namespace its objects live in (for diagrams). */
  readonly namespace: string;
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface ComponentLayout {
  /** Paths inside the component's folder, in the order they were rendered. */
  readonly files: readonly string[];
  readonly units: readonly Unit[];
  /** The HelmRelease, for a chart component. */
  readonly release?: { readonly name: string; readonly namespace: string; readonly releaseName: string };
  /** What it applies besides its namespace, chart source, HelmRelease and kustomizations. */
  readonly objects: readonly ObjectRef[];
}

export type Documents = ReadonlyMap<string, readonly object[]>;

interface Doc {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly dependsOn?: readonly { readonly name: string }[]; readonly releaseName?: string };
}

/** The chart plumbing of a component, named after it. */
const PLUMBING = new Set(['HelmRelease', 'HelmRepository', 'OCIRepository']);

/** The layout of every component, by component name. */
export function readLayout(model: ClusterModel, documents: Documents): Map<string, ComponentLayout> {
  const out = new Map<string, ComponentLayout>();
  for (const c of model.components) out.set(c.name, componentLayout(c, documents));
  return out;
}

function componentLayout(c: ComponentModel, documents: Documents): ComponentLayout {
  const prefix = `${c.name}/`;
  const files = [...documents.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  const docsOf = (path: string) => (documents.get(prefix + path) ?? []) as readonly Doc[];
  const inFolders = files.filter((f) => f.startsWith('app/') || f.startsWith('config/'));
  const configNamespace = files
    .filter((f) => f.startsWith('config/'))
    .flatMap((f) => docsOf(f))
    .map((d) => d.metadata?.namespace)
    .find((ns) => ns !== undefined);
  const units = docsOf('ks.yaml')
    .filter((d) => d.kind === 'Kustomization')
    .map((d): Unit => {
      const name = d.metadata?.name ?? c.name;
      const config = name !== c.name;
      return {
        name,
        component: c.name,
        config,
        dependsOn: (d.spec?.dependsOn ?? []).map((x) => x.name),
        namespace: config ? (configNamespace ?? c.namespace) : c.namespace,
      };
    });
  const hr = inFolders.flatMap((f) => docsOf(f)).find((d) => d.kind === 'HelmRelease');
  const objects = inFolders
    .flatMap((f) => docsOf(f))
    .filter((d) => d.apiVersion !== 'kustomize.config.k8s.io/v1beta1' && d.kind !== 'Namespace')
    .filter((d) => !(PLUMBING.has(d.kind ?? '') && d.metadata?.name === c.name))
    .map((d) => ({ kind: d.kind ?? '?', name: d.metadata?.name ?? '?', ...(d.metadata?.namespace ? { namespace: d.metadata.namespace } : {}) }));
  return {
    files,
    units,
    ...(hr
      ? {
          release: {
            name: hr.metadata?.name ?? c.name,
            namespace: hr.metadata?.namespace ?? c.namespace,
            releaseName: hr.spec?.releaseName ?? hr.metadata?.name ?? c.name,
          },
        }
      : {}),
    objects,
  };
}
