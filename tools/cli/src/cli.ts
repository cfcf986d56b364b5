/**
 * The fluxgen command line (`run`), separate from the entry point so tests call it in-process.
 * Exit codes: 0 success, 1 invalid input, stale tree or failed write, 2 usage error; a signal
 * exits with 128 + its number (see signals.ts).
 */
import { Command, CommanderError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FluxgenError, formatDiagnostic, type BatchReport, type Diagnostic } from '@fluxgen/core';
import { colorsFor, type Colors } from './colors.js';
import { adopt, generate, type ClusterOutcome } from './generate.js';
import { registerChartCommands } from './chart.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** The version of this package, for `fluxgen --version`. */
export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The workspace root: the nearest folder up from `from` with an nx.json (or `from` itself). */
function findRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

/** `--debug` or `FLUXGEN_DEBUG=1`: stack traces for every error, and the raw cause of coded ones. */
export const debugFromEnv = () => ['1', 'true'].includes(process.env['FLUXGEN_DEBUG'] ?? '');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function run(argv: readonly string[]): Promise<number> {
  const out = colorsFor(process.stdout);
  const err = colorsFor(process.stderr);
  let debug = debugFromEnv() || argv.includes('--debug');
  const program = new Command('fluxgen')
    .description('Typed, validated, documented Flux infrastructure trees')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'show stack traces (also FLUXGEN_DEBUG=1)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  const root = () => new Option('--root <dir>', 'workspace root').default(findRoot(process.cwd()), 'nearest folder with nx.json');

  let code: number = EXIT.ok;
  program
    .command('generate')
    .description('render clusters/<name>/cluster.ts into clusters/<name>/flux/infra')
    .argument('[clusters...]', 'cluster names or folders (default: all under clusters/)')
    .option('--check', 'write nothing; exit 1 with a diff when the committed tree is out of date')
    .option('--dry-run', 'write nothing; list what would change')
    .addOption(root())
    .action(async (clusters: string[], opts: { check?: boolean; dryRun?: boolean; root: string }) => {
      const onBatch = debug ? (b: BatchReport) => console.error(`fluxgen: wrote a batch of ${plural(b.trees, 'tree')}, ${plural(b.files, 'file')} in ${b.seconds.toFixed(2)} s`) : undefined;
      const outcomes = await generate({ root: opts.root, clusters, check: opts.check, dryRun: opts.dryRun, ...(onBatch ? { onBatch } : {}) });
      let stale = false;
      for (const o of outcomes) {
        const changed = o.plan.changes.size > 0;
        if (opts.check) {
          console.log(summary(out, o, changed ? out.red('stale: would be ') : 'up to date: '));
          if (changed) await printChanges(out, o, true);
          stale ||= changed;
        } else if (opts.dryRun) {
          console.log(summary(out, o, 'would be '));
          await printChanges(out, o, false);
        } else {
          console.log(summary(out, o, ''));
        }
        for (const report of o.upgrades) console.log(report);
        for (const w of o.warnings) console.error(formatDiagnostic(w).replace(w.code, err.yellow(w.code)));
      }
      if (stale) {
        console.error(
          err.red('TREE_STALE') + ' the committed tree differs from cluster.ts; run `npx nx run-many -t generate` and commit the result',
        );
        code = EXIT.invalid;
      }
    });

  program
    .command('adopt')
    .description('take ownership of generated files after the manifest was lost or damaged: files whose bytes are exactly what fluxgen generates')
    .argument('[clusters...]', 'cluster names or folders (default: all under clusters/)')
    .addOption(root())
    .action(async (clusters: string[], opts: { root: string }) => {
      const refused: Diagnostic[] = [];
      for (const o of await adopt({ root: opts.root, clusters })) {
        const { adopted, alreadyOwned, refused: not } = o.result;
        console.log(
          `${out.bold(o.cluster)}: ${adopted.length} adopted, ${alreadyOwned.length} already owned, ${not.length} refused (${o.tree}; manifest was ${o.result.manifest})`,
        );
        for (const path of not) {
          refused.push({
            code: 'FILE_ADOPT_REFUSED',
            cluster: o.cluster,
            path: `${o.tree}/${path}`,
            message: 'differs from what fluxgen generates, so it is not adopted (it stays as it is, and fluxgen will not overwrite it)',
            hint: '`fluxgen generate --dry-run` after moving it away shows fluxgen\'s version; keep yours outside the tree, or move it away and let fluxgen write its own',
          });
        }
      }
      if (refused.length > 0) {
        printDiagnostics(err, refused, `${refused.length} file${refused.length === 1 ? '' : 's'} refused; the others were adopted`);
        code = EXIT.invalid;
      }
    });
  registerChartCommands(program, findRoot(process.cwd()), (c) => (code = c));

  try {
    program.hook('preAction', (cmd) => {
      debug ||= Boolean(cmd.opts()['debug']);
    });
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof FluxgenError) {
      const n = error.diagnostics.length;
      const wrote = error.codes.includes('FILE_IO_FAILED') ? 'see above for the state of the tree' : 'nothing was written';
      printDiagnostics(err, error.diagnostics, `${n} problem${n === 1 ? '' : 's'}; ${wrote}`);
      if (debug && error.cause !== undefined) console.error(stackOf(error.cause));
      return EXIT.invalid;
    }
    reportInternal(error, debug);
    return EXIT.invalid;
  }
}

/** An error no user input should cause: one coded line, the stack only with --debug. */
export function reportInternal(error: unknown, debug = debugFromEnv()): void {
  const err = colorsFor(process.stderr);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.error(
    formatDiagnostic({
      code: 'INTERNAL_ERROR',
      message: `fluxgen failed unexpectedly: ${message}`,
      hint: debug ? 'this is a bug in fluxgen or a component package; please report it with the stack below' : 'run again with --debug (or FLUXGEN_DEBUG=1) for the stack trace, and report it',
    }).replace('INTERNAL_ERROR', err.red('INTERNAL_ERROR')),
  );
  if (debug) console.error(stackOf(error));
}

function stackOf(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(stackOf).join('\n');
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function printDiagnostics(c: Colors, diagnostics: readonly Diagnostic[], footer: string): void {
  for (const d of diagnostics) console.error(formatDiagnostic(d).replace(d.code, c.red(d.code)));
  console.error(c.red(footer));
}

function summary(c: Colors, o: ClusterOutcome, verb: string): string {
  const { created, updated, unchanged, removed } = o.plan;
  return `${c.bold(o.cluster)}: ${verb}${created.length} created, ${updated.length} updated, ${unchanged.length} unchanged, ${removed.length} removed (${o.tree})`;
}

async function printChanges(c: Colors, o: ClusterOutcome, withDiff: boolean): Promise<void> {
  // Loaded only when there is a diff to print (start-up: most runs print none).
  const { createTwoFilesPatch } = withDiff ? await import('diff') : { createTwoFilesPatch: undefined };
  for (const [path, { before, after }] of o.plan.changes) {
    const mark = before === undefined ? c.green('+ created') : after === undefined ? c.red('- removed') : c.yellow('~ updated');
    console.log(`  ${mark} ${o.tree}/${path}`);
    if (withDiff) {
      const name = `${o.tree}/${path}`;
      console.log(createTwoFilesPatch!(`a/${name}`, `b/${name}`, before ?? '', after ?? '', '', '', { context: 3 }));
    }
  }
}
