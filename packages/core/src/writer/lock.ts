/**
 * One run at a time writes a tree, through proper-lockfile (a folder made with mkdir, whose mtime
 * its owner refreshes; a lock older than `stale` is abandoned and taken over).
 */
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { FluxgenError } from '../errors.js';

/** The lock (a folder, made by proper-lockfile), relative to the tree root. It exists while a run writes the tree. */
export const LOCK = '.fluxgen.lock';

const DEFAULT_LOCK_WAIT_MS = 30_000;
/** Age (of the lock's mtime) after which proper-lockfile treats a lock as abandoned and takes it over. */
const STALE_MS = 5_000;
const LOCK_POLL_MS = 100;

/**
 * One run at a time writes a tree, through proper-lockfile (a folder made with mkdir, whose mtime
 * its owner refreshes; a lock older than `stale` is abandoned and taken over).
 *
 * Why 5 s is safe: between taking and releasing the lock, writeTree is synchronous and takes
 * milliseconds, far below STALE_MS, so the lock cannot go stale under a live run. (For the same
 * reason the refresh timer never gets to run: the event loop does not turn while the lock is held.)
 * writeTrees holds the locks of a batch from the first lock taken to the end of the batch's
 * write; the CLI sizes its batches by time (writer/batches.ts): the first holds about 1,000 files,
 * and each next one what the pace of the last writes in one second.
 * A run killed mid-write cannot release it; the next run takes it over once it is 5 s old (up to
 * 6 s after it was taken: proper-lockfile rounds the first mtime up to the next second).
 *
 * Known limits: a write lasting longer than STALE_MS would lose the lock to a waiting run; and two
 * runs finding the same stale lock at the same instant may both take it (proper-lockfile's
 * stat-rmdir-mkdir is not atomic).
 */
export async function acquireLock(root: string, context: { readonly cluster?: string; readonly lockWaitMs?: number }): Promise<() => Promise<void>> {
  const waitMs = context.lockWaitMs ?? lockWaitFromEnv() ?? DEFAULT_LOCK_WAIT_MS;
  const lockPath = resolve(root, LOCK);
  try {
    return await lockfile.lock(root, {
      lockfilePath: lockPath,
      realpath: false, // the lock is named by lockfilePath; the root's own canonical path is not needed
      stale: STALE_MS,
      // Polls every LOCK_POLL_MS until waitMs is spent (`retry` package options); 0: a single try.
      retries: Number.isFinite(waitMs)
        ? { retries: Math.ceil(waitMs / LOCK_POLL_MS), minTimeout: LOCK_POLL_MS, maxTimeout: LOCK_POLL_MS, factor: 1 }
        : { forever: true, minTimeout: LOCK_POLL_MS, maxTimeout: LOCK_POLL_MS, factor: 1 },
      // Only the refresh timer reports a compromised lock, and it cannot run while the synchronous
      // write holds the lock (see above). The default handler would throw from that timer and
      // crash the process, so it is replaced by one that does nothing.
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new FluxgenError([
      {
        code: 'TREE_LOCKED',
        ...(context.cluster ? { cluster: context.cluster } : {}),
        path: root,
        message: `another fluxgen run is writing this tree (waited ${waitMs / 1000}s)`,
        hint: `wait for it to finish; a lock left by a killed run (${lockPath}) expires after ${STALE_MS / 1000} s`,
      },
    ]);
  }
}

function lockWaitFromEnv(): number | undefined {
  const raw = process.env['FLUXGEN_LOCK_WAIT_MS'];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
