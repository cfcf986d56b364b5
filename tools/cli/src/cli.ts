/**
 * The fluxgen command line (`run`), separate from the entry point so tests call it in-process. Exit codes: 0 success, 1 invalid input or stale tree, 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FluxgenError, formatDiagnostic } from '@fluxgen/core';
import { registerChartCommands } from './chart.js';
import { generate, type ClusterOutcome } from './generate.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** The workspace root: the nearest folder up from `from` with an nx.json (or `from` itself). */
function findRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

function summary(o: ClusterOutcome, verb: string): string {
  const { created, updated, unchanged, removed } = o.plan;
  return `${pc.bold(o.cluster)}: ${verb}${created.length} created, ${updated.length} updated, ${unchanged.length} unchanged, ${removed.length} removed (${o.tree})`;
}

function printChanges(o: ClusterOutcome, withDiff: boolean): void {
  for (const [path, { before, after }] of o.plan.changes) {
    const mark = before === undefined ? pc.green('+ created') : after === undefined ? pc.red('- removed') : pc.yellow('~ updated');
    console.log(`  ${mark} ${o.tree}/${path}`);
    if (withDiff) {
      const name = `${o.tree}/${path}`;
      console.log(createTwoFilesPatch(`a/${name}`, `b/${name}`, before ?? '', after ?? '', '', '', { context: 3 }));
    }
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = new Command('fluxgen')
    .description('Typed, validated, documented Flux infrastructure trees')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  let code: number = EXIT.ok;
  program
    .command('generate')
    .description('render clusters/<name>/cluster.ts into clusters/<name>/flux/infra')
    .argument('[clusters...]', 'cluster names or folders (default: all under clusters/)')
    .option('--check', 'write nothing; exit 1 with a diff when the committed tree is out of date')
    .option('--dry-run', 'write nothing; list what would change')
    .addOption(new Option('--root <dir>', 'workspace root').default(findRoot(process.cwd()), 'nearest folder with nx.json'))
    .action(async (clusters: string[], opts: { check?: boolean; dryRun?: boolean; root: string }) => {
      const outcomes = await generate({ root: opts.root, clusters, check: opts.check, dryRun: opts.dryRun });
      let stale = false;
      for (const o of outcomes) {
        const changed = o.plan.changes.size > 0;
        if (opts.check) {
          console.log(summary(o, changed ? pc.red('stale: would be ') : 'up to date: '));
          if (changed) printChanges(o, true);
          stale ||= changed;
        } else if (opts.dryRun) {
          console.log(summary(o, 'would be '));
          printChanges(o, false);
        } else {
          console.log(summary(o, ''));
        }
      }
      if (stale) {
        console.error(
          pc.red('TREE_STALE') + ' the committed tree differs from cluster.ts; run `npx nx run-many -t generate` and commit the result',
        );
        code = EXIT.invalid;
      }
    });

  registerChartCommands(program, findRoot(process.cwd()), (c) => (code = c));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof FluxgenError) {
      for (const d of error.diagnostics) console.error(formatDiagnostic(d).replace(d.code, pc.red(d.code)));
      console.error(pc.red(`${error.diagnostics.length} problem${error.diagnostics.length === 1 ? '' : 's'}; nothing was written`));
      return EXIT.invalid;
    }
    throw error;
  }
}

