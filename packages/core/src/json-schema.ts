/**
 * Vendored JSON Schemas (Kubernetes, Flux, CRDs, charts) read the way fluxgen's ajv compiles them.
 */
import { readFileSync } from 'node:fs';
import { isPlainObject } from './values.js';

/**
 * Reads a vendored JSON Schema for the shared ajv instance: `$schema` and `$id` are dropped (every
 * schema is compiled as draft-07, and two chart versions may carry the same `$id`), and so are
 * `format` keywords, which fluxgen does not check (no ajv-formats) and ajv would warn about.
 */
export function loadSchema(file: URL): object {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['$id'];
  return withoutFormats(schema) as object;
}

/** Drops `format` keywords (fluxgen's ajv has no format plugin); data keywords are left as written. */
export function withoutFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutFormats);
  if (!isPlainObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' && typeof value === 'string') continue;
    // Data, not schema: leave as written.
    out[key] = ['default', 'examples', 'enum', 'const'].includes(key) ? value : withoutFormats(value);
  }
  return out;
}
