import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../src/index.js';
import { tempWorkspace, writeCluster } from './workspace.js';
import { PROBE } from './support/probe.js';

// Two workspaces: a cluster module is loaded once per process, as in the real command.
const before = tempWorkspace();
const after = tempWorkspace();
afterAll(() => [before, after].forEach((w) => w.dispose()));

const cluster = (version: string) => `import { defineCluster } from '@fluxgen/core';
import { probe } from '${PROBE}';
export default defineCluster({ name: 'lab', components: [probe({ version: '${version}', replicas: 2 })] });
`;

async function generate(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const err = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  try {
    const code = await run(['generate', 'lab', '--root', root, ...args]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('generate reports what a chart version change in cluster.ts means', () => {
  it('says nothing while the version stays, and reports the change against the committed tree', async () => {
    writeCluster(before.root, 'lab', cluster('1.0.0'));
    expect((await generate(before.root)).code).toBe(0);
    expect((await generate(before.root)).out).not.toContain('→');

    // The same tree, with cluster.ts moved to the next chart version.
    cpSync(join(before.root, 'clusters/lab/flux'), join(after.root, 'clusters/lab/flux'), { recursive: true });
    writeCluster(after.root, 'lab', cluster('1.1.0'));
    const dry = await generate(after.root, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('probe: 1.0.0 → 1.1.0');
    const written = await generate(after.root);
    expect(written.out).toContain('probe: 1.0.0 → 1.1.0');
    // Once the tree carries the new version, there is nothing left to report.
    expect((await generate(after.root)).out).not.toContain('→');
  });
});
