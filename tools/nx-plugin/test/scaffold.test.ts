/**
 * The scaffold command exactly as docs/components.md shows it: Nx parses it (no option swallowed
 * by Nx itself), and the package it writes passes its own tests once the chart data is there.
 */
import { stripVTControlCharacters } from 'node:util';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../../cli/test/workspace.js';

const require = createRequire(import.meta.url);
const componentGenerator = require('../src/generators/component/index.js');
const { createTreeWithEmptyWorkspace } = require('nx/src/devkit-testing-exports.js');

/** The one `npx nx g @fluxgen/nx-plugin:component …` line of docs/components.md. */
const documented = readFileSync(join(REPO, 'docs/components.md'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('npx nx g @fluxgen/nx-plugin:component '));
const argv = documented[0]!.split(/\s+/).slice(2); // g @fluxgen/nx-plugin:component <name> --…
const name = argv[2]!;
const options: Record<string, string> = Object.fromEntries(
  argv.slice(3).map((a) => /^--([^=]+)=(.*)$/.exec(a)!.slice(1, 3) as [string, string]),
);
// Plain output whatever the caller's terminal or CI says (CI=true makes Nx colour its output).
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FLUXGEN_OFFLINE: '1', FORCE_COLOR: '0', NO_COLOR: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'fluxgen-scaffold-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the documented scaffold command', () => {
  it('is there once, with --chartVersion (Nx keeps --version for itself)', () => {
    expect(documented).toHaveLength(1);
    expect(Object.keys(options).sort()).toEqual(['chartVersion', 'namespace', 'repository']);
  });

  it('runs through the Nx CLI (dry run)', () => {
    const r = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), ...argv, '--dry-run', '--no-interactive'], {
      cwd: REPO,
      encoding: 'utf8',
      env,
    });
    expect(r.stderr + r.stdout).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const out = stripVTControlCharacters(r.stdout);
    expect(out).toContain(`CREATE packages/${name}/src/index.ts`);
    expect(out).toContain(`CREATE packages/${name}/vitest.config.ts`);
  }, 120_000);

  it('writes a package whose tests pass once its chart data is present', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await componentGenerator(tree, { name, ...options, pull: false });
    // The written package in a throw-away workspace that shares this one's node_modules.
    const pkg = join(tmp, 'packages', name);
    const walk = (dir: string): string[] =>
      tree.children(dir).flatMap((c: string) => (tree.isFile(`${dir}/${c}`) ? [`${dir}/${c}`] : walk(`${dir}/${c}`)));
    for (const file of walk(`packages/${name}`)) {
      mkdirSync(dirname(join(tmp, file)), { recursive: true });
      writeFileSync(join(tmp, file), tree.read(file)!);
    }
    for (const f of ['vitest.shared.ts', 'tsconfig.base.json']) cpSync(join(REPO, f), join(tmp, f));
    symlinkSync(join(REPO, 'node_modules'), join(tmp, 'node_modules'), 'dir');
    writeFileSync(join(tmp, 'package.json'), '{ "private": true, "type": "module" }\n');
    const vitest = (extra: Record<string, string>) =>
      spawnSync(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], {
        cwd: pkg,
        encoding: 'utf8',
        env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra },
      });
    // No network, no chart data: the first test says what to run.
    const offline = vitest({});
    expect(offline.status).toBe(1);
    expect(offline.stdout + offline.stderr).toContain(`chart data missing: run \`npx fluxgen chart pull ${name} ${options['chartVersion']}\``);

    // What `fluxgen chart pull` vendors: the chart's values.yaml of the pinned version.
    mkdirSync(join(pkg, 'chart', options['chartVersion']!), { recursive: true });
    writeFileSync(join(pkg, 'chart', options['chartVersion']!, 'values.yaml'), 'replicaCount: 1\n');

    const first = vitest({ UPDATE_GOLDEN: '1' }); // what the generator does after the pull
    expect(first.status, first.stdout + first.stderr).toBe(0);
    const again = vitest({});
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Tests\s+3 passed/);
  }, 180_000);
});
