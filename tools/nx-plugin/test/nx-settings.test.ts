/**
 * Nx settings users rely on: no analytics prompt ever rewrites nx.json (which is in
 * sharedGlobals, so a rewrite would throw the whole cache away), and `run-many`/`affected` print
 * each task's output, so the per-cluster summary line of `generate` is seen.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

  it('run-many and affected print task output (the per-cluster summary line)', () => {
    expect(readFileSync(join(REPO, '.env'), 'utf8')).toMatch(/^NX_DEFAULT_OUTPUT_STYLE=static$/m);
    const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
    delete env['NX_DEFAULT_OUTPUT_STYLE'];
    const out = execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'generate', '-p', 'edge', '--skip-nx-cache'], {
      cwd: REPO,
      encoding: 'utf8',
      env,
    });
    expect(out).toMatch(/edge\S*: \d+ created, \d+ updated, \d+ unchanged, \d+ removed/);
    expect(out).not.toContain('was not shown');
  }, 120_000);
});
