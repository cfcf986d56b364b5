/** The chart pull helper of the scaffold and `npm run regenerate`: never throws, says what to run. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { pullChart } = require('../src/chart-pull.js') as {
  pullChart(root: string, component: string, version: string, o?: { quiet?: boolean }): { ok: boolean; message?: string };
};
const root = mkdtempSync(join(tmpdir(), 'fluxgen-pull-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workspace whose `fluxgen` behaves as given. */
function cli(body: string): string {
  mkdirSync(join(root, 'tools/cli/bin'), { recursive: true });
  writeFileSync(join(root, 'tools/cli/bin/fluxgen.js'), body);
  return root;
}

describe('pullChart', () => {
  it('runs `fluxgen chart pull <component> <version>`', () => {
    const ws = cli("if (process.argv.slice(2).join(' ') !== 'chart pull cert-manager v1.21.1') process.exit(3);");
    expect(pullChart(ws, 'cert-manager', 'v1.21.1', { quiet: true })).toEqual({ ok: true });
  });

  it('without the command, or without network, names the command to run by hand', () => {
    const ws = cli("console.error(\"error: unknown command 'chart'\"); process.exit(2);");
    expect(pullChart(ws, 'cert-manager', 'v1.21.1', { quiet: true })).toEqual({
      ok: false,
      message: "chart data for cert-manager v1.21.1 not pulled (error: unknown command 'chart'); run `npx fluxgen chart pull cert-manager v1.21.1`",
    });
  });
});
