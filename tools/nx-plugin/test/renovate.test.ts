/**
 * Every pinned chart version and Git tag carries the `// renovate:` annotation that Renovate's
 * custom manager (renovate.json) reads, with the lookup coordinates the component declares. The
 * full run of Renovate itself is `npm run check:renovate` (it needs Node 24).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotatedPins, annotationComments, annotationManager, declaredPins, pinOf } from '../../../scripts/pins.js';
import { REPO } from '../../cli/test/workspace.js';

describe('renovate annotations', () => {
  it('every component pin has an annotation with its datasource, name, registry and version', async () => {
    const declared = await declaredPins(REPO);
    expect(declared.length).toBeGreaterThanOrEqual(8);
    const key = (p: { datasource: string; depName: string; registryUrl?: string; currentValue: string }) =>
      [p.datasource, p.depName, p.registryUrl ?? '', p.currentValue].join(' ');
    expect(annotatedPins(REPO).map(key).sort()).toEqual(declared.map(key).sort());
  });

  it('every annotation sits in the sources of the package that declares the pin, and each matches', async () => {
    const declared = await declaredPins(REPO);
    for (const pin of annotatedPins(REPO)) {
      const owner = declared.find((d) => d.depName === pin.depName && d.currentValue === pin.currentValue)!;
      expect(pin.file, pin.depName).toMatch(new RegExp(`^packages/${owner.pkg}/src/`));
    }
    // A malformed comment (a typo in `datasource=`) would be silently skipped by Renovate.
    expect(annotationComments(REPO).length).toBe(annotatedPins(REPO).length);
  });

  it('the manager reads component sources only: no vendored data, no generated tree', () => {
    const { managerFilePatterns } = annotationManager(REPO);
    expect(managerFilePatterns).toEqual(['/^packages/[^/]+/src/[^/]+\\.ts$/']);
    const config = JSON.parse(readFileSync(join(REPO, 'renovate.json'), 'utf8')) as { ignorePaths: string[]; postUpgradeTasks?: unknown };
    expect(config.ignorePaths).toEqual(
      expect.arrayContaining(['**/node_modules/**', 'packages/*/chart/**', 'packages/*/crds/**', 'clusters/*/flux/**', '**/test/golden/**']),
    );
    // The hosted app refuses commands: they live in renovate/self-hosted.json5 only.
    expect(config.postUpgradeTasks).toBeUndefined();
    expect(JSON.stringify(config)).not.toContain('fileMatch');
  });

  it('maps each kind of source to its Renovate datasource', () => {
    expect(pinOf({ name: 'a', chart: { name: 'a', version: '1.0.0', repository: 'https://charts.example.org', oci: 'oci://ghcr.io/x/a' } })).toMatchObject({
      datasource: 'helm', depName: 'a', registryUrl: 'https://charts.example.org',
    });
    expect(pinOf({ name: 'b', chart: { name: 'b', version: 'v1.2.3', oci: 'oci://quay.io/jetstack/charts/b' } })).toMatchObject({
      datasource: 'docker', depName: 'quay.io/jetstack/charts/b', currentValue: 'v1.2.3',
    });
    expect(pinOf({ name: 'c', git: { url: 'https://github.com/kubernetes-sigs/gateway-api', tag: 'v1.6.1' } })).toMatchObject({
      datasource: 'github-tags', depName: 'kubernetes-sigs/gateway-api',
    });
    expect(pinOf({ name: 'd', git: { url: 'https://gitlab.com/x/y.git', tag: 'v1' } })).toMatchObject({ datasource: 'git-tags', depName: 'https://gitlab.com/x/y.git' });
  });
});
