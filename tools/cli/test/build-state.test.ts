/**
 * When bin/fluxgen.js runs a package from its built JavaScript: only when `dist/.fluxgen-build`
 * holds the hash of the sources as they are now. Any edit, new or removed source file, or a
 * package.json change makes the package run from its sources again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bin, without types
import { isBuilt, sourceHash, STAMP, workspacePackages } from '../bin/build-state.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function pkg(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fluxgen-build-state-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "@fluxgen/x" }\n');
  writeFileSync(join(dir, 'src', 'index.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'sub', 'b.ts'), 'export const b = 2;\n');
  mkdirSync(join(dir, 'dist'));
  return dir;
}
const stamp = (dir: string) => writeFileSync(join(dir, 'dist', STAMP), `${sourceHash(dir) as string}\n`);

describe('build state', () => {
  it('is built only with a stamp of the current sources', () => {
    const dir = pkg();
    expect(isBuilt(dir)).toBe(false);
    stamp(dir);
    expect(isBuilt(dir)).toBe(true);
  });

  it.each([
    ['an edited source', (dir: string) => writeFileSync(join(dir, 'src', 'sub', 'b.ts'), 'export const b = 3;\n')],
    ['a new source', (dir: string) => writeFileSync(join(dir, 'src', 'c.ts'), 'export {};\n')],
    ['a removed source', (dir: string) => rmSync(join(dir, 'src', 'sub', 'b.ts'))],
    ['a changed package.json', (dir: string) => writeFileSync(join(dir, 'package.json'), '{ "name": "@fluxgen/x", "version": "1.0.0" }\n')],
  ])('%s makes it stale', (_name, change) => {
    const dir = pkg();
    stamp(dir);
    change(dir);
    expect(isBuilt(dir)).toBe(false);
  });

  it('knows the workspace packages that build to dist/, by name', () => {
    const packages = workspacePackages() as Map<string, string>;
    expect(packages.get('@fluxgen/core')).toMatch(/packages[\\/]core$/);
    expect(packages.get('@fluxgen/cli')).toMatch(/tools[\\/]cli$/);
    expect(packages.get('@fluxgen/cilium')).toMatch(/packages[\\/]cilium$/);
  });
});
