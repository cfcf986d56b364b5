// What `npm run build` bundled, and whether it is still what the sources say: the bundle
// (tools/cli/dist/bundle/bundle.json) records, per workspace package, the hash of its sources
// (`src/**` TypeScript files and package.json) at the time it was bundled. A package whose hash
// differs now is stale: bin/fluxgen.js then runs from the sources (the CLI or core), or compiles it
// from its sources into the cluster's module (a component). Shared by the bin, the importer's
// caller and the build script.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (tools/cli/bin/../../..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where the build puts the bundle. */
export const BUNDLE = join(ROOT, 'tools', 'cli', 'dist', 'bundle');

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

/**
 * A cheap fingerprint of the same files: path, size and modification time of each (stat only, no
 * read). When it matches what the build recorded, the sources are taken as unchanged; when it does
 * not (a file touched, or changed), the content hash decides.
 */
export function statStamp(dir) {
  const parts = [];
  const walk = (folder) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.[cm]?ts$/.test(e.name)) {
        const s = statSync(path);
        parts.push(`${path.slice(dir.length)}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  if (existsSync(join(dir, 'src'))) walk(join(dir, 'src'));
  const pkg = statSync(join(dir, 'package.json'));
  parts.push(`package.json:${pkg.size}:${pkg.mtimeMs}`);
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** The hash of a package's sources now: the recorded one when its files' stat stamp is as recorded, else computed. */
export function currentHash(dir, recorded) {
  if (recorded?.stamp !== undefined && statStamp(dir) === recorded.stamp) return recorded.hash;
  return sourceHash(dir);
}

/** The bundle's manifest (`{ entries, packages }`), or undefined when there is none. */
export function bundleManifest(bundle = BUNDLE) {
  try {
    return JSON.parse(readFileSync(join(bundle, 'bundle.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether the bundle holds package `name` as its sources are now (false when it does not hold it). */
export function isBundled(manifest, name, root = ROOT) {
  const pkg = manifest?.packages?.[name];
  return pkg !== undefined && currentHash(join(root, pkg.dir), pkg) === pkg.hash;
}

/** The folder of every workspace package with TypeScript sources (a tsconfig.lib.json), by package name. */
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
