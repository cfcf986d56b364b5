/**
 * `kustomizeBuildAll` (core/testing): one kubectl run for many folders, and each folder alone only
 * when that fails, so a failure names its folder and an object found in two folders (which each
 * folder alone allows) is no failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasKubectl, kustomizeBuildAll } from '../src/testing.js';

const kubectl = hasKubectl();
if (!kubectl) console.warn('SKIP: kubectl not found; kustomizeBuildAll was not tested');

const root = mkdtempSync(join(tmpdir(), 'fluxgen-kustomize-all-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\n`;
function folder(dir: string, resources: Record<string, string>, listed = Object.keys(resources)): void {
  mkdirSync(join(root, dir), { recursive: true });
  for (const [file, text] of Object.entries(resources)) writeFileSync(join(root, dir, file), text);
  writeFileSync(join(root, dir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${listed.map((r) => `  - ${r}\n`).join('')}`);
}

describe.skipIf(!kubectl)('kustomizeBuildAll', () => {
  folder('a/app', { 'one.yaml': cm('one') });
  folder('b/app', { 'two.yaml': cm('two') });
  folder('c/app', { 'one.yaml': cm('one') }); // the same object as a/app
  folder('broken/app', {}, ['missing.yaml']);

  it('builds folders together', () => {
    expect(kustomizeBuildAll(root, ['a/app', 'b/app'])).toEqual({ failures: [], documents: 2 });
  });

  it('an object in two folders is no failure (each folder alone builds)', () => {
    expect(kustomizeBuildAll(root, ['a/app', 'c/app'])).toEqual({ failures: [], documents: 2 });
  });

  it('names the folder that fails, with kubectl’s message', () => {
    const result = kustomizeBuildAll(root, ['a/app', 'broken/app', 'b/app']);
    expect(result.failures.map((f) => f.dir)).toEqual(['broken/app']);
    expect(result.failures[0]!.error).toContain('missing.yaml');
  });
});
if (!kubectl) it.skip('kustomizeBuildAll: SKIPPED because kubectl is not installed', () => {});
