/**
 * The Nx plugin: what it infers for a cluster, and that Nx sees exactly the clusters that use a
 * changed component as affected.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      executor: './tools/nx-executors:generate',
      options: { cluster: 'clusters/homelab' },
      cache: true,
      outputs: ['{projectRoot}/flux/infra'],
    });
    // The generated tree is the output, never an input: a regenerated tree must not invalidate the cache.
    expect(target.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*', '!{projectRoot}/flux/**/*', '^production']));
  });

  it('loads nothing but node:path: every Nx command loads the plugin (@nx/devkit alone cost ~145 ms)', () => {
    const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(REPO, 'tools/nx-plugin/index.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(loaded)).toEqual([join(REPO, 'tools/nx-plugin/index.js')]);
  });

  it('the executor runs a batch of clusters in one fluxgen process, and reports each cluster as its own task', async () => {
    const executor = require('../../nx-executors/generate/index.js') as {
      batch: (graph: unknown, inputs: unknown, overrides: unknown, context: unknown) => AsyncGenerator<{ task: string; result: { success: boolean; terminalOutput: string } }>;
    };
    const executors = require('../../nx-executors/executors.json') as { executors: { generate: { batchImplementation: string; preferBatch: boolean } } };
    expect(executors.executors.generate).toMatchObject({ batchImplementation: './generate/index.js#batch', preferBatch: true });
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

  // Nx's project graph, computed once (each Nx process rebuilds it: ~10 s on two cores).
  let graph: { nodes: Record<string, { data: { root: string; targets?: Record<string, { options?: unknown }> } }>; dependencies: Record<string, { target: string }[]> };
  const graphOnce = () => {
    if (!graph) {
      const file = join(mkdtempSync(join(tmpdir(), 'fluxgen-graph-')), 'graph.json');
      nx('graph', `--file=${file}`);
      graph = JSON.parse(readFileSync(file, 'utf8')).graph;
    }
    return graph;
  };
  /** What `nx show projects --affected --files=<file> -t <target>` answers: the file's project and every project that depends on it, with that target. */
  const affectedInGraph = (file: string, target: string) => {
    const g = graphOnce();
    const owner = Object.entries(g.nodes)
      .filter(([, n]) => file.startsWith(`${n.data.root}/`))
      .sort(([, a], [, b]) => b.data.root.length - a.data.root.length)[0]![0];
    const found = new Set([owner]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [project, deps] of Object.entries(g.dependencies)) {
        if (!found.has(project) && deps.some((d) => found.has(d.target))) (found.add(project), (grew = true));
      }
    }
    return [...found].filter((p) => g.nodes[p]?.data.targets?.[target]).sort();
  };

  it('a component change affects exactly the clusters that use it', () => {
    expect(affectedInGraph('packages/cilium/src/index.ts', 'generate')).toEqual(['homelab', 'meshlab', 'previous']);
    expect(affectedInGraph('packages/metrics-server/src/index.ts', 'generate')).toEqual(['edge', 'homelab', 'meshlab', 'previous']);
    expect(affectedInGraph('packages/core/src/render.ts', 'generate')).toEqual(['edge', 'homelab', 'meshlab', 'previous']);
    expect(affectedInGraph('clusters/edge/cluster.ts', 'generate')).toEqual(['edge']);
  }, 120_000);

  it('test targets are inferred per project (@nx/vitest): a component change tests that component and the clusters using it', () => {
    // Nx itself, end to end, once; the graph gives the rest.
    const affected = JSON.parse(nx('show', 'projects', '--affected', '--files=packages/cilium/src/index.ts', '-t', 'test', '--json').trim().split('\n').at(-1)!).sort();
    expect(affected).toEqual(['@fluxgen/cilium', 'homelab', 'meshlab', 'previous']);
    expect(affectedInGraph('packages/cilium/src/index.ts', 'test')).toEqual(affected);
    // The CLI's tests use a test component of their own, so a component change does not reach them.
    expect(affectedInGraph('packages/metrics-server/src/index.ts', 'test')).toEqual(['@fluxgen/metrics-server', 'edge', 'homelab', 'meshlab', 'previous']);
    expect(graphOnce().nodes['@fluxgen/cilium']!.data.targets!['test']!.options).toEqual({ cwd: 'packages/cilium', command: 'vitest run' });
  }, 120_000);

});
