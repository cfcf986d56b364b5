/**
 * Every problem fluxgen reports has a stable code. Tests and tooling match on the code, never on
 * the message text. Each code is explained, with an example and the fix, in docs/errors.md.
 */
export type ErrorCode =
  // typed values and cluster options
  | 'VALUE_INVALID'
  | 'VALUE_UNKNOWN_KEY'
  | 'VALUE_MISSING'
  | 'CLUSTER_INVALID'
  | 'COMPONENT_DUPLICATE'
  | 'COMPONENT_INVALID'
  // meaning across fields and components
  | 'NAME_DUPLICATE'
  | 'STACK_CONFLICT'
  // final Helm values against the pinned chart
  | 'HELM_VALUE_INVALID'
  | 'HELM_VALUE_UNKNOWN'
  | 'CHART_DATA_MISSING'
  | 'HELM_VALUE_REMOVED'
  | 'HELM_ACK_UNUSED'
  | 'CHART_VERSION_UNKNOWN'
  // fluxgen chart pull / diff
  | 'CHART_PULL_UNREACHABLE'
  | 'CHART_PULL_VERSION_MISSING'
  | 'CHART_PULL_DIGEST_MISMATCH'
  | 'CHART_PULL_NO_VALUES'
  | 'CHART_UPGRADE_DROPS_KEYS'
  // emitted objects and references between them
  | 'OBJECT_INVALID'
  | 'OBJECT_KIND_UNKNOWN'
  | 'REFERENCE_DANGLING'
  | 'DEPENDENCY_CYCLE'
  | 'DEPENDENCY_UNMET'
  // secret references and their backends
  | 'SECRET_BACKEND_UNKNOWN'
  | 'SECRET_BACKEND_MISSING'
  | 'SECRET_FILE_MISSING'
  | 'SECRET_FILE_INVALID'
  | 'SECRET_NOT_ENCRYPTED'
  | 'SECRET_KEY_MISSING'
  // policy
  | 'POLICY_VERSION_NOT_PINNED'
  | 'POLICY_INSECURE_URL'
  | 'POLICY_INVALID_NAME'
  | 'POLICY_PLAINTEXT_SECRET'
  // the tree on disk and the command line
  | 'FILE_NOT_OWNED'
  | 'TREE_STALE'
  | 'TREE_LOCKED'
  | 'CLUSTER_NOT_FOUND'
  | 'CLUSTER_LOAD_FAILED'
  | 'TREE_SYMLINK'
  | 'TREE_PATH_BLOCKED'
  | 'TREE_INTERRUPTED'
  | 'FILE_IO_FAILED'
  | 'FILE_ADOPT_REFUSED'
  | 'MANIFEST_MISSING'
  | 'MANIFEST_CORRUPT'
  | 'INTERNAL_ERROR'
  // warnings: reported, never fatal
  | 'COMPONENT_DEPRECATED';

/** One problem, located as precisely as fluxgen can. */
export interface Diagnostic {
  readonly code: ErrorCode;
  /** What is wrong, without the location (e.g. `must be >= 1`). */
  readonly message: string;
  /** Cluster name, when known. */
  readonly cluster?: string;
  /** Component instance name, when the problem belongs to one. */
  readonly component?: string;
  /** Dotted path of the offending value (e.g. `values.hubble.relay.replicas`). */
  readonly path?: string;
  /** The offending value, shown as `(got …)`. */
  readonly got?: unknown;
  /** What to do about it (e.g. `did you mean "autoMount"?`). */
  readonly hint?: string;
  /** The file the value came from (e.g. `clusters/homelab/cluster.ts`). */
  readonly source?: string;
}

/** Thrown when one or more diagnostics stop a run. Carries all of them, never just the first. */
export class FluxgenError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'FluxgenError';
    this.diagnostics = diagnostics;
  }

  /** The codes of all diagnostics, in order: what tests assert on. */
  get codes(): readonly ErrorCode[] {
    return this.diagnostics.map((d) => d.code);
  }
}

/** Throws a {@link FluxgenError} when there is anything to report. */
export function throwIfAny(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0) throw new FluxgenError(diagnostics);
}

/**
 * Renders a diagnostic the way the CLI prints it:
 *
 *     VALUE_INVALID [homelab/cilium] values.hubble.relay.replicas: must be >= 1 (got 0)
 *       in clusters/homelab/cluster.ts
 *       hint: …
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.cluster, d.component].filter(Boolean).join('/');
  const head = [d.code, where ? `[${where}]` : '', d.path ? `${d.path}:` : ''].filter(Boolean).join(' ');
  const got = d.got === undefined ? '' : ` (got ${showValue(d.got)})`;
  const lines = [`${head} ${d.message}${got}`];
  if (d.source) lines.push(`  in ${d.source}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
