/**
 * The edge READMEs: a one-component cluster gets singular words, no empty section or table, and
 * a table of contents of the sections present. The committed tree is the golden.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCluster } from '@fluxgen/core';
import edge from '../cluster.js';

const { files } = renderCluster(edge, { dir: 'clusters/edge' });
const root = files.get('README.md')!;

describe('edge README', () => {
  it('matches the committed READMEs', () => {
    for (const path of ['README.md', 'metrics-server/README.md']) {
      expect(readFileSync(new URL(`../flux/infra/${path}`, import.meta.url), 'utf8'), path).toBe(files.get(path));
    }
  });

  it('says "1 component" and leaves out what it does not have', () => {
    expect(root).toContain('1 component in 1 Flux Kustomization');
    expect(root).not.toContain('1 components');
    for (const absent of ['Integration Points', 'Next Steps', 'Networking', 'Storage']) {
      expect(root).not.toContain(`## ${absent}`);
      expect(root).not.toContain(`(#${absent.toLowerCase().replace(/ /g, '-')})`);
    }
    expect(root).not.toMatch(/\|---(\|---)*\|\n(?!\|)/);
  });

  it('links every section present from the contents, and the parent README', () => {
    const sections = [...root.matchAll(/^## (.+)$/gm)].map((m) => m[1]!).filter((h) => h !== 'Table of Contents');
    for (const s of sections) expect(root).toContain(`[${s}](#${s.toLowerCase().replace(/ /g, '-')})`);
    expect(root).toContain('[← Back to the Flux README](../README.md)');
  });
});
