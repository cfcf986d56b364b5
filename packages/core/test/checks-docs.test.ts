/**
 * docs/errors.md and the ErrorCode union stay in sync: every code has a row in the table, an
 * example and a fix, and the docs list no code that does not exist.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const errorsSource = readFileSync(new URL('../src/errors.ts', import.meta.url), 'utf8');
const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** The members of `export type ErrorCode = | 'A' | 'B' …;`, read from the source text. */
function unionMembers(): string[] {
  const start = errorsSource.indexOf('export type ErrorCode');
  const union = errorsSource.slice(start, errorsSource.indexOf(';', start));
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
}

/** Codes that head a table row of docs/errors.md (`| \`CODE\` | …`). */
function documentedCodes(): string[] {
  return [...docs.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/errors.md', () => {
  it('has a row for every ErrorCode', () => {
    const codes = unionMembers();
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter((c) => !documentedCodes().includes(c))).toEqual([]);
  });

  it('documents no code that does not exist, and each code once', () => {
    const documented = documentedCodes();
    expect(documented.filter((c) => !unionMembers().includes(c))).toEqual([]);
    expect(documented.length).toBe(new Set(documented).size);
  });

  it('gives every code an example message and a fix', () => {
    for (const row of docs.split('\n').filter((l) => /^\| `[A-Z_]+` \|/.test(l))) {
      const cells = row.split(' | ');
      expect(cells.length, row).toBeGreaterThanOrEqual(4);
      expect(
        cells.every((c) => c.trim().length > 2),
        row,
      ).toBe(true);
    }
  });

  it('documents the exit codes of the command line', () => {
    for (const code of ['0', '1', '2']) expect(docs).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
