/** Entry point of the `fluxgen` binary (run in-process by bin/fluxgen.js). */
import { reportInternal, run } from './cli.js';
import { handleSignals } from './signals.js';

handleSignals((signal) => process.stderr.write(`fluxgen: ${signal}: finishing the write in progress (the tree stays whole), then stopping\n`));
// Anything that escapes run() is a bug: one coded line, the stack with --debug.
const crash = (error: unknown) => {
  reportInternal(error, process.argv.includes('--debug') || undefined);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.exitCode = await run(process.argv.slice(2));
