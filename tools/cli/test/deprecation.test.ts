/**
 * A deprecated component (`sunset`, made up for these tests; promtail's own run is in
 * tools/fixtures/test/promtail-deprecated.test.ts) is still generated, with a coded warning on
 * stderr for every `generate`, `--check` and `--dry-run` run: it names the cluster, the component,
 * why and the successor, and the exit code stays 0. The cluster is written into a throw-away workspace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../src/index.js';
import { PROBE } from './support/probe.js';
import { SUNSET } from './support/sunset.js';
import { REPO, snapshot, tempWorkspace, writeCluster } from './workspace.js';

let root: string;
let dispose: () => void;

const CLUSTER = `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
import { sunset } from '${SUNSET}';
export default defineCluster({ name: 'legacy', components: [probe(), sunset()] });
`;
const PLAIN = `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({ name: 'plain', components: [probe()] });
`;

const WARNING =
  'COMPONENT_DEPRECATED [legacy/sunset] is deprecated: its upstream stopped on 1 January 2026; its successor is the probe component\n' +
  '  in clusters/legacy/cluster.ts\n' +
  '  hint: replace sunset(…) with probe(…) from @fluxgen/probe in clusters/legacy/cluster.ts; until then it is still generated';

async function fluxgen(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.stubEnv('NO_COLOR', '1');
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
  ];
  try {
    const code = await run([...args, '--root', root]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

beforeAll(() => {
  ({ root, dispose } = tempWorkspace());
  writeCluster(root, 'legacy', CLUSTER);
  writeCluster(root, 'plain', PLAIN);
});
afterAll(() => dispose());

describe('a deprecated component', () => {
  it('generate writes the tree, warns on stderr and exits 0', { timeout: 60_000 }, async () => {
    const r = await fluxgen(['generate', 'legacy']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(WARNING);
    expect(r.out).toMatch(/^legacy: \d+ created, 0 updated, 0 unchanged, 0 removed/);
    expect(r.out).not.toContain('COMPONENT_DEPRECATED');
    expect(Object.keys(snapshot(join(root, 'clusters/legacy/flux/infra')))).toContain('sunset/app/helmrelease.yaml');
  });

  it('--check and --dry-run warn too, every run, and exit 0 on an up-to-date tree', { timeout: 60_000 }, async () => {
    for (const flag of ['--check', '--dry-run']) {
      const r = await fluxgen(['generate', 'legacy', flag]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toBe(WARNING);
    }
    const again = await fluxgen(['generate', 'legacy']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 created, 0 updated, \d+ unchanged/);
    expect(again.err).toBe(WARNING);
  });

  it('a cluster without one prints no warning; both together warn once, for the one that has it', { timeout: 60_000 }, async () => {
    const plain = await fluxgen(['generate', 'plain']);
    expect(plain.code).toBe(0);
    expect(plain.err).toBe('');
    const both = await fluxgen(['generate', '--check']);
    expect(both.code, both.err).toBe(0);
    expect(both.err).toBe(WARNING);
  });

  it('the binary prints it on stderr, not stdout, and exits 0', { timeout: 120_000 }, async () => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, FLUXGEN_DEBUG: undefined } as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, [join(REPO, 'tools/cli/bin/fluxgen.js'), 'generate', 'legacy', '--check', '--root', root], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code, err).toBe(0);
    expect(err.trimEnd()).toBe(WARNING);
    expect(out).toMatch(/^legacy: up to date: /);
  });
});
