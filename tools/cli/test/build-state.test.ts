/**
 * When bin/fluxgen.js runs a package from the bundle: only while the bundle's manifest holds the
 * hash of the package's sources as they are now. Any edit, new or removed source file, or a
 * package.json change makes it stale (the CLI and core then run from their sources, a component is
 * compiled from its sources into the cluster's module).
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bin, without types
import { bundleManifest, currentHash, isBundled, sourceHash, statStamp, workspacePackages } from '../bin/build-state.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A workspace root with one package, packages/x. */
function workspace(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'fluxgen-build-state-'));
  dirs.push(root);
  const dir = join(root, 'packages', 'x');
  mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "@fluxgen/x" }\n');
  writeFileSync(join(dir, 'src', 'index.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'sub', 'b.ts'), 'export const b = 2;\n');
  return { root, dir };
}
/** The manifest a build of `root` would write now. */
const manifestOf = (root: string, dir: string) => ({
  entries: { '@fluxgen/x': 'x.js' },
  packages: { '@fluxgen/x': { dir: 'packages/x', hash: sourceHash(dir) as string, stamp: statStamp(dir) as string, deps: [] } },
});

describe('build state', () => {
  it('is bundled only with the hash of the current sources, and only for a package the bundle holds', () => {
    const { root, dir } = workspace();
    const manifest = manifestOf(root, dir);
    expect(isBundled(manifest, '@fluxgen/x', root)).toBe(true);
    expect(isBundled(manifest, '@fluxgen/y', root)).toBe(false);
    expect(isBundled(undefined, '@fluxgen/x', root)).toBe(false);
  });

  it.each([
    ['an edited source', (dir: string) => writeFileSync(join(dir, 'src', 'sub', 'b.ts'), 'export const b = 3;\n')],
    ['a new source', (dir: string) => writeFileSync(join(dir, 'src', 'c.ts'), 'export {};\n')],
    ['a removed source', (dir: string) => rmSync(join(dir, 'src', 'sub', 'b.ts'))],
    ['a changed package.json', (dir: string) => writeFileSync(join(dir, 'package.json'), '{ "name": "@fluxgen/x", "version": "1.0.0" }\n')],
  ])('%s makes it stale', (_name, change) => {
    const { root, dir } = workspace();
    const manifest = manifestOf(root, dir);
    change(dir);
    expect(isBundled(manifest, '@fluxgen/x', root)).toBe(false);
  });

  it('a file touched but unchanged: the stat stamp differs, the content hash decides (still bundled)', () => {
    const { root, dir } = workspace();
    const manifest = manifestOf(root, dir);
    const recorded = manifest.packages['@fluxgen/x'];
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'index.ts'), later, later);
    expect(statStamp(dir)).not.toBe(recorded.stamp);
    expect(currentHash(dir, recorded)).toBe(recorded.hash);
    expect(isBundled(manifest, '@fluxgen/x', root)).toBe(true);
  });

  it('reads no manifest where there is none', () => {
    expect(bundleManifest(join(tmpdir(), 'fluxgen-no-bundle-here'))).toBeUndefined();
  });

  it('knows the workspace packages with TypeScript sources, by name', () => {
    const packages = workspacePackages() as Map<string, string>;
    expect(packages.get('@fluxgen/core')).toMatch(/packages[\\/]core$/);
    expect(packages.get('@fluxgen/cli')).toMatch(/tools[\\/]cli$/);
    expect(packages.get('@fluxgen/cilium')).toMatch(/packages[\\/]cilium$/);
  });
});
