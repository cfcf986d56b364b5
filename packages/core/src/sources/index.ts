/** The kinds of source a component can come from. Add a kind here (one file each) and everything else follows. */
import type { ComponentSpec } from '../component.js';
import { gitRepository } from './git-repository.js';
import { helmRepository } from './helm-repository.js';
import { ociRepository } from './oci-repository.js';
import type { SourceKind, SourceModel } from './types.js';

export type { SourceKind, SourceModel, SourceScope } from './types.js';

/** Every source kind, in order of preference when several accept a component. */
export const SOURCE_KINDS: readonly SourceKind[] = [ociRepository, helmRepository, gitRepository];

/** The source kind of a source model. */
export function sourceKind(source: Pick<SourceModel, 'kind'>): SourceKind {
  return SOURCE_KINDS.find((k) => k.kind === source.kind)!;
}

/** Where a component instance comes from: its chart (after the cluster's preference), or Git. */
export function sourceOf(spec: ComponentSpec, version: string | undefined, prefer: 'oci' | 'helm'): SourceModel {
  const kind = SOURCE_KINDS.find((k) => k.accepts(spec, prefer)) ?? SOURCE_KINDS.find((k) => k.accepts(spec, prefer === 'oci' ? 'helm' : 'oci'))!;
  return kind.model(spec, version);
}
