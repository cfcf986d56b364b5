/**
 * Whether what `npm run build` precompiled into packages/core/dist/ (validators, CRD index) was
 * compiled by the core that runs now. Validators are found by the hash of their schema, but the
 * schemas of charts and CRDs are derived by core's code from vendored files keyed by their bytes:
 * a core edited since the build may derive them differently. So the build records the hash of
 * core's sources (and ajv's version) in dist/validators.json, and nothing precompiled is used when
 * it differs (the schemas are compiled at run time instead, with the same results).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** packages/core/src/ (this module's folder, from the sources or the bundle, which keeps source URLs). */
const CORE_SRC = fileURLToPath(new URL('./', import.meta.url));
/** Where the build records it: packages/core/dist/validators.json. */
export const PRECOMPILED_STAMP = new URL('../dist/validators.json', import.meta.url);

/** The hash of core's sources (every `src/**.ts`, path and bytes) and of ajv's package.json. */
export function coreSourceHash(src = CORE_SRC): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(src);
  hash.update(readFileSync(require.resolve('ajv/package.json')));
  return hash.digest('hex');
}

let fresh: boolean | undefined;
/** Whether dist/'s precompiled files belong to the core that runs now (checked once per process). */
export function precompiledIsCurrent(): boolean {
  if (fresh === undefined) {
    try {
      fresh = (JSON.parse(readFileSync(PRECOMPILED_STAMP, 'utf8')) as { core?: string }).core === coreSourceHash();
    } catch {
      fresh = false;
    }
  }
  return fresh;
}
