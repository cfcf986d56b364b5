/**
 * Whether what `npm run build` precompiled into packages/core/dist/ (validators, CRD index) was
 * compiled by the core that runs now. Validators are found by the hash of their schema, but the
 * schemas of charts and CRDs are derived by core's code from vendored files keyed by their bytes:
 * a core edited since the build may derive them differently. So the build records the hash of
 * core's sources (and ajv's version) in dist/validators.json, and nothing precompiled is used when
 * it differs (the schemas are compiled at run time instead, with the same results). It records
 * their stat stamp too (each file's size and mtime): while that is unchanged, the sources are not
 * read again (~10 ms of every run).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** packages/core/src/ (this module's folder, from the sources or the bundle, which keeps source URLs). */
const CORE_SRC = fileURLToPath(new URL('./', import.meta.url));
/** Where the build records it: packages/core/dist/validators.json. */
export const PRECOMPILED_STAMP = new URL('../dist/validators.json', import.meta.url);

/** Every `.ts` file under `src`, in a fixed order (what the hash and the stamp read). */
function sourceFiles(src: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(src);
  return out;
}

/** The hash of core's sources (every `src/**.ts`, path and bytes) and of ajv's package.json. */
export function coreSourceHash(src = CORE_SRC): string {
  const hash = createHash('sha256');
  for (const path of sourceFiles(src)) hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
  hash.update(readFileSync(require.resolve('ajv/package.json')));
  return hash.digest('hex');
}

/** The sizes and mtimes of what coreSourceHash reads, as one string: cheap to compare, changed by any edit. */
export function coreSourceStamp(src = CORE_SRC): string {
  const parts = [...sourceFiles(src), require.resolve('ajv/package.json')].map((path) => {
    const s = statSync(path);
    return `${path}:${s.size}:${s.mtimeMs}`;
  });
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** What the build records in dist/validators.json about the core that compiled it. */
export interface PrecompiledRecord {
  readonly core?: string;
  readonly stamp?: string;
}

/** Whether a record belongs to the core at `src`: by its stat stamp when that is unchanged, else by the hash of its sources. */
export function recordIsCurrent(record: PrecompiledRecord, src = CORE_SRC): boolean {
  if (record.core === undefined) return false;
  if (record.stamp !== undefined && record.stamp === coreSourceStamp(src)) return true;
  return record.core === coreSourceHash(src);
}

let fresh: boolean | undefined;
/** Whether dist/'s precompiled files belong to the core that runs now (checked once per process). */
export function precompiledIsCurrent(): boolean {
  if (fresh === undefined) {
    try {
      fresh = recordIsCurrent(JSON.parse(readFileSync(PRECOMPILED_STAMP, 'utf8')) as PrecompiledRecord);
    } catch {
      fresh = false;
    }
  }
  return fresh;
}
