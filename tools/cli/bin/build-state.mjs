// Whether the built JavaScript of a workspace package (`dist/`, written by `tsc -b`) is what its
// sources compile to today: `npm run build` writes `dist/.fluxgen-build`, the hash of the package's
// `src/**/*.ts` and package.json at the time it built; a package whose hash differs now is stale
// and is run from its sources. Shared by bin/fluxgen.js, the resolve hook and the build script.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (tools/cli/bin/../../..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const STAMP = '.fluxgen-build';

/** The hash of a package's sources: every `src/**` TypeScript file (path and bytes) and its package.json. */
export function sourceHash(dir) {
  const hash = createHash('sha256');
  const walk = (folder) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.[cm]?ts$/.test(e.name)) hash.update(`${path.slice(dir.length)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  if (existsSync(join(dir, 'src'))) walk(join(dir, 'src'));
  hash.update(readFileSync(join(dir, 'package.json')));
  return hash.digest('hex');
}

/** Whether `dir/dist` holds the build of the sources as they are now. */
export function isBuilt(dir) {
  try {
    return readFileSync(join(dir, 'dist', STAMP), 'utf8').trim() === sourceHash(dir);
  } catch {
    return false;
  }
}

/** The folder of every workspace package that builds to dist/ (a tsconfig.lib.json), by package name. */
export function workspacePackages(root = ROOT) {
  const out = new Map();
  for (const group of ['packages', 'tools']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const e of readdirSync(base, { withFileTypes: true })) {
      const dir = join(base, e.name);
      if (!e.isDirectory() || !existsSync(join(dir, 'tsconfig.lib.json')) || !existsSync(join(dir, 'package.json'))) continue;
      try {
        out.set(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir);
      } catch {
        // not a package
      }
    }
  }
  return out;
}
