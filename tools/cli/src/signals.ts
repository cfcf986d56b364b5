/**
 * Ctrl-C and kill during a write. Node's default for SIGINT and SIGTERM ends the process at once,
 * wherever it is. Here the first signal lets a write that has begun finish (a batch of trees
 * takes well under a second; no tree is left half-applied), then exits with 128 + the signal number; a
 * second signal exits at once (the journal still makes the next run complete the write). Outside
 * a write, a signal exits at once.
 */
import { constants } from 'node:os';

let writing = 0;
let pending: NodeJS.Signals | undefined;

const exitCode = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 1);

/** Installs the handlers (the binary does; in-process tests do not). */
export function handleSignals(onFirst: (signal: NodeJS.Signals) => void = () => {}): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (writing === 0 || pending !== undefined) process.exit(exitCode(signal));
      pending = signal;
      onFirst(signal);
    });
  }
}

/** Runs a write; a signal that arrives meanwhile takes effect when it is done. */
export async function whileWriting<T>(write: () => Promise<T>): Promise<T> {
  writing++;
  try {
    return await write();
  } finally {
    writing--;
    if (writing === 0 && pending !== undefined) process.exit(exitCode(pending));
  }
}
