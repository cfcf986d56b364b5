/** The `fluxgen` process: signal handling, crash reporting, then the command line. */
import { codeCacheUse, tuneV8 } from '@fluxgen/core';
import { debugFromEnv, reportInternal, run } from './cli.js';
import { handleSignals } from './signals.js';

/** Runs the command line on `process.argv` and sets the exit code (called by bin/fluxgen.js). */
export async function main(): Promise<void> {
  const flags = tuneV8();
  handleSignals((signal) => process.stderr.write(`fluxgen: ${signal}: finishing the write in progress (the tree stays whole), then stopping\n`));
  // Anything that escapes run() is a bug: one coded line, the stack with --debug.
  const crash = (error: unknown) => {
    reportInternal(error, process.argv.includes('--debug') || undefined);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  process.exitCode = await run(process.argv.slice(2));
  if (debugFromEnv() || process.argv.includes('--debug')) {
    const caches = codeCacheUse();
    process.stderr.write(`fluxgen: V8 flags: ${flags.join(' ') || "V8's defaults"}; validator code caches: ${caches.used} used, ${caches.rejected} rejected\n`);
  }
}

// For bin/fluxgen.js running the bundle: how it imports cluster files.
export { bundledImporter, type BundleManifest } from './bundled-import.js';
export { useClusterImporter } from './load.js';
