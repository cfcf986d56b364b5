/** The real `fluxgen` binary, end to end, in a throw-away workspace. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, snapshot, tempWorkspace, writeCluster } from './workspace.js';

const BIN = join(REPO, 'tools/cli/bin/fluxgen.js');
let root: string;
let dispose: () => void;

function fluxgen(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--root', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const cluster = (replicas: number) => `import { defineCluster } from '@fluxgen/core';
import { metricsServer } from '@fluxgen/metrics-server';
export default defineCluster({ name: 'lab', components: [metricsServer({ replicas: ${replicas} })] });
`;

beforeAll(() => {
  ({ root, dispose } = tempWorkspace());
  writeCluster(root, 'lab', cluster(1));
});
afterAll(() => dispose());

describe('fluxgen generate', () => {
  it('writes the tree and prints a summary line per cluster', () => {
    const first = fluxgen('generate');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^lab: 7 created, 0 updated, 0 unchanged, 0 removed \(clusters\/lab\/flux\/infra\)$/m);
    const again = fluxgen('generate', 'lab');
    expect(again.out).toMatch(/^lab: 0 created, 0 updated, 7 unchanged, 0 removed/m);
  });

  it('--check passes on an up-to-date tree, and fails with a diff (writing nothing) when it is stale', () => {
    expect(fluxgen('generate', '--check').code).toBe(0);
    writeCluster(root, 'lab', cluster(3));
    const tree = join(root, 'clusters/lab/flux/infra');
    const before = snapshot(tree);
    const check = fluxgen('generate', '--check');
    expect(check.code).toBe(1);
    expect(check.out).toContain('~ updated clusters/lab/flux/infra/metrics-server/app/helmrelease.yaml');
    expect(check.out).toContain('-    replicas: 1');
    expect(check.out).toContain('+    replicas: 3');
    expect(check.err).toContain('TREE_STALE');
    expect(snapshot(tree)).toEqual(before);
  });

  it('--dry-run lists what would change and writes nothing', () => {
    const tree = join(root, 'clusters/lab/flux/infra');
    const before = snapshot(tree);
    const dry = fluxgen('generate', 'lab', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/lab: would be 0 created, 2 updated/);
    expect(snapshot(tree)).toEqual(before);
    expect(fluxgen('generate').out).toMatch(/lab: 0 created, 2 updated, 5 unchanged/);
  });

  it('exits 1 naming an unknown cluster, and 2 on a usage error', () => {
    const missing = fluxgen('generate', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('CLUSTER_NOT_FOUND no cluster "nope"');
    expect(missing.err).toContain('hint: clusters here: lab');
    expect(fluxgen('generate', '--frobnicate').code).toBe(2);
  });

  it('refuses a cluster whose name does not match its folder', () => {
    writeCluster(root, 'other', cluster(1));
    const r = fluxgen('generate', 'other');
    expect(r.code).toBe(1);
    expect(r.err).toContain('CLUSTER_INVALID [other] name: must match its folder clusters/other (got "lab")');
    writeFileSync(join(root, 'clusters/other/cluster.ts'), cluster(1).replace("'lab'", "'other'"));
  });
});
