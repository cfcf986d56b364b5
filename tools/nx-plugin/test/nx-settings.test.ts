/**
 * Nx settings users rely on: no analytics prompt ever rewrites nx.json (which is in
 * sharedGlobals, so a rewrite would throw the whole cache away), and `run-many`/`affected` print
 * each task's output, so the per-cluster summary line of `generate` is seen.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../cli/test/workspace.js';

const require = createRequire(import.meta.url);

describe('nx.json and .env', () => {
  it('analytics are settled: Nx does not prompt, and leaves nx.json as it is', async () => {
    const before = readFileSync(join(REPO, 'nx.json'), 'utf8');
    expect(JSON.parse(before).analytics).toBe(false);
    const { ensureAnalyticsPreferenceSet } = require('nx/src/utils/analytics-prompt.js') as {
      ensureAnalyticsPreferenceSet(root: string, interactive: boolean): Promise<string>;
    };
    const ci = process.env['CI'];
    delete process.env['CI'];
    try {
      // As in an interactive terminal: with the preference set, it answers without asking.
      expect(await ensureAnalyticsPreferenceSet(REPO, true)).toBe('no');
    } finally {
      if (ci !== undefined) process.env['CI'] = ci;
    }
    expect(readFileSync(join(REPO, 'nx.json'), 'utf8')).toBe(before);
  });

  it('run-many prints task output (the per-cluster summary line), and Nx resolves the executor without loading TypeScript', () => {
    expect(readFileSync(join(REPO, '.env'), 'utf8')).toMatch(/^NX_DEFAULT_OUTPUT_STYLE=static$/m);
    // Every Node process of the run (Nx, its batch worker, fluxgen) reports whether it loaded TypeScript.
    const dir = mkdtempSync(join(tmpdir(), 'fluxgen-nx-'));
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(dir)} + '/' + process.pid + '.json', JSON.stringify({ argv: process.argv.slice(1, 3), typescript: Object.keys(require.cache).filter((k) => k.includes('/node_modules/typescript/')) })));\n`,
    );
    const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NODE_OPTIONS: `--require ${probe}` };
    delete env['NX_DEFAULT_OUTPUT_STYLE'];
    try {
      const out = execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'generate', '-p', 'edge', '--skip-nx-cache'], {
        cwd: REPO,
        encoding: 'utf8',
        env,
      });
      expect(out).toMatch(/edge\S*: \d+ created, \d+ updated, \d+ unchanged, \d+ removed/);
      expect(out).not.toContain('was not shown');
      const processes = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { argv: string[]; typescript: string[] });
      expect(processes.map((p) => p.argv[1])).toEqual(expect.arrayContaining(['run-many', 'generate'])); // Nx and fluxgen were seen
      // Nx loads it (~0.55 s of CPU per process) to resolve an executor inside a workspace project:
      // tools/nx-executors is in none (tools/nx-executors/README.md).
      expect(processes.filter((p) => p.typescript.length > 0)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
