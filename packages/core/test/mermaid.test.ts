/**
 * Every Mermaid block fluxgen generates parses with Mermaid's own parser: the committed READMEs of
 * every cluster, every package golden README, and diagrams built from hostile labels. When the
 * parser cannot load (a missing optional dependency), the tests say SKIP and why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mermaidLabel, renderDiagram, type Diagram } from '../src/docs.js';
import { loadMermaid, mermaidBlocks } from './mermaid.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { parse, reason } = await loadMermaid();

/** README.md files under clusters/ and the package goldens, outside node_modules. */
function readmes(): string[] {
  const found: string[] = [];
  for (const top of ['clusters', 'packages']) {
    for (const e of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) {
      const path = join(e.parentPath, e.name);
      if (e.isFile() && e.name === 'README.md' && !path.includes('node_modules') && (top === 'clusters' || path.includes('/test/golden/'))) {
        found.push(relative(root, path));
      }
    }
  }
  return found.sort();
}

const blocks = readmes().flatMap((file) =>
  mermaidBlocks(readFileSync(join(root, file), 'utf8')).map((b) => ({ name: `${file}:${b.line}`, text: b.text })),
);

const hostile = [
  'say "hi"',
  'a #quot; b & c',
  '<script>alert(1)</script>',
  'end',
  '`code` | pipe',
  'graph TD; A-->B',
  '[brackets] (parens) {braces}',
  'line\nbreak',
  'ümlaut → arrow',
];

describe.skipIf(!parse)('generated Mermaid parses with mermaid.parse', () => {
  it('finds the diagrams of every cluster', () => {
    expect(blocks.filter((b) => b.name.startsWith('clusters/meshlab/')).length).toBeGreaterThanOrEqual(6);
    expect(blocks.filter((b) => b.name.startsWith('clusters/homelab/')).length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter((b) => b.name.startsWith('clusters/edge/')).length).toBeGreaterThanOrEqual(1);
  });

  it.each(blocks)('$name', async ({ text }) => {
    await expect(parse!(text)).resolves.toBeTruthy();
  });

  it('escapes every hostile label, in nodes and subgraphs', async () => {
    const diagram: Diagram = {
      id: 'x',
      title: 'x',
      topic: 'networking',
      groups: hostile.map((label, i) => ({ id: `g${i}`, label })),
      nodes: hostile.flatMap((label, i) => [
        { id: `a${i}`, label, group: `g${i}` },
        { id: `end${i}`, label },
      ]),
      edges: hostile.map((_, i) => ({ from: `a${i}`, to: `end${i}` })),
      legend: { flow: 'flow' },
    };
    await expect(parse!(renderDiagram(diagram).mermaid)).resolves.toBeTruthy();
    // And the parser does reject what an unescaped quote produces.
    await expect(parse!('flowchart LR\n  a["x"y"] --> b')).rejects.toThrow();
  });
});

if (!parse) {
  it.skip(`mermaid parse: SKIPPED because the mermaid parser could not load (${reason}); run npm ci to install mermaid and happy-dom`, () => {});
  console.warn(`SKIP: mermaid parser not available (${reason}); generated diagrams were not parsed`);
}

describe('mermaidLabel', () => {
  it('leaves no character that ends a label or starts markup', () => {
    for (const label of hostile) expect(mermaidLabel(label).replace(/<br\/>/g, '')).not.toMatch(/["<>`|&]/);
    expect(mermaidLabel('a "b"')).toBe('a #quot;b#quot;');
    expect(mermaidLabel('x\ny')).toBe('x<br/>y');
  });
});
