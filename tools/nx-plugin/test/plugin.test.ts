/**
 * The Nx plugin: what it infers for a cluster, and that Nx sees exactly the clusters that use a
 * changed component as affected.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../cli/test/workspace.js';

const require = createRequire(import.meta.url);
const plugin = require('../index.js') as {
  createNodes: readonly [string, (files: string[], options: unknown, context: unknown) => Promise<[string, any][]>];
};

function nx(...args: string[]): string {
  return execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
}

describe('@fluxgen/nx-plugin', () => {
  it('infers a cached generate target on clusters/*/cluster.ts', async () => {
    const [glob, create] = plugin.createNodes;
    expect(glob).toBe('clusters/*/cluster.ts');
    const [[file, result]] = await create(['clusters/homelab/cluster.ts'], {}, { workspaceRoot: REPO, nxJsonConfiguration: {} });
    expect(file).toBe('clusters/homelab/cluster.ts');
    const target = result.projects['clusters/homelab'].targets.generate;
    expect(target).toMatchObject({
      executor: '@fluxgen/nx-plugin:generate',
      options: { cluster: 'clusters/homelab' },
      cache: true,
      outputs: ['{projectRoot}/flux/infra'],
    });
    // The generated tree is the output, never an input: a regenerated tree must not invalidate the cache.
    expect(target.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*', '!{projectRoot}/flux/**/*', '^production']));
  });

  it('the executor runs a batch of clusters in one fluxgen process, and reports each cluster as its own task', async () => {
    const executor = require('../src/executors/generate/index.js') as {
      batch: (graph: unknown, inputs: unknown, overrides: unknown, context: unknown) => AsyncGenerator<{ task: string; result: { success: boolean; terminalOutput: string } }>;
    };
    const executors = require('../executors.json') as { executors: { generate: { batchImplementation: string; preferBatch: boolean } } };
    expect(executors.executors.generate).toMatchObject({ batchImplementation: './src/executors/generate/index.js#batch', preferBatch: true });
    const tasks = { 'edge:generate': {}, 'homelab:generate': {} };
    const inputs = { 'edge:generate': { cluster: 'clusters/edge' }, 'homelab:generate': { cluster: 'clusters/homelab' } };
    const results = [];
    for await (const r of executor.batch({ tasks }, inputs, {}, { root: REPO })) results.push(r);
    expect(results.map((r) => r.task)).toEqual(['edge:generate', 'homelab:generate']);
    expect(results.every((r) => r.result.success)).toBe(true);
    expect(results[0]!.result.terminalOutput).toMatch(/edge\S*: \d+ created, \d+ updated, \d+ unchanged, \d+ removed \(clusters\/edge\/flux\/infra\)/);
    expect(results[0]!.result.terminalOutput).not.toContain('homelab');
    expect(results[1]!.result.terminalOutput).toContain('(clusters/homelab/flux/infra)');
  }, 120_000);

  it('a component change affects exactly the clusters that use it', () => {
    const affected = (file: string) =>
      nx('show', 'projects', '--affected', `--files=${file}`, '-t', 'generate', '--json')
        .trim()
        .split('\n')
        .at(-1)!;
    expect(JSON.parse(affected('packages/cilium/src/index.ts')).sort()).toEqual(['homelab', 'meshlab', 'previous']);
    expect(JSON.parse(affected('packages/metrics-server/src/index.ts')).sort()).toEqual(['edge', 'homelab', 'meshlab', 'previous']);
    expect(JSON.parse(affected('packages/core/src/render.ts')).sort()).toEqual(['edge', 'homelab', 'meshlab', 'previous']);
    expect(JSON.parse(affected('clusters/edge/cluster.ts')).sort()).toEqual(['edge']);
  }, 120_000);

  it('test targets are inferred per project (@nx/vitest): a component change tests that component and the clusters using it', () => {
    const affected = (file: string) =>
      JSON.parse(nx('show', 'projects', '--affected', `--files=${file}`, '-t', 'test', '--json').trim().split('\n').at(-1)!).sort();
    expect(affected('packages/cilium/src/index.ts')).toEqual(['@fluxgen/cilium', 'homelab', 'meshlab', 'previous']);
    // The CLI's tests use a test component of their own, so a component change does not reach them.
    expect(affected('packages/metrics-server/src/index.ts')).toEqual(['@fluxgen/metrics-server', 'edge', 'homelab', 'meshlab', 'previous']);
    const target = JSON.parse(nx('show', 'project', '@fluxgen/cilium', '--json').trim().split('\n').at(-1)!).targets.test;
    expect(target.options).toEqual({ cwd: 'packages/cilium', command: 'vitest run' });
  }, 120_000);

});
