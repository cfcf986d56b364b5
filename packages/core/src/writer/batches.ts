/**
 * How many trees go into one `writeTrees` call. A batch flushes its files with one syncfs per phase
 * (two for a fresh batch) instead of an fsync per file, so fewer, larger batches cost less; but a
 * batch holds the locks of all its trees until it is written, and a lock older than its 5 s
 * staleness (writer/lock.ts) is taken over by a waiting run. So a batch is sized by time, from
 * what the batches before it took on this very disk:
 *
 * - the first holds about {@link FIRST_BATCH_FILES} files (well under a second on a usual disk);
 * - each next one as many files as the last batch's pace writes in {@link BATCH_SECONDS}, at most
 *   {@link BATCH_GROWTH} times the last one and at least {@link MIN_BATCH_FILES}.
 *
 * A fast disk then writes a hundred clusters in two batches instead of six, and a slow one
 * (a first batch of 1,024 files taking 4 s) goes on in batches of 256 files, which hold a lock
 * for about as long. Batches take whole trees: a batch is over its budget by less than one tree.
 */
import { FLUSH_FILESYSTEM_FROM } from './tree.js';

/** Files in the first batch of a run, before anything is known of the disk. */
export const FIRST_BATCH_FILES = 1024;
/** How long a batch is planned to hold its locks: a fifth of the time after which a lock is taken for abandoned. */
export const BATCH_SECONDS = 1;
/** How many times larger than the last batch the next may be (a pace measured on few files can mislead). */
export const BATCH_GROWTH = 4;
/** The fewest files a batch is planned at: from this many, a batch flushes a file system at once. */
export const MIN_BATCH_FILES = FLUSH_FILESYSTEM_FROM;

/** Sizes the batches of one run by the pace of those written before (see the file's comment). */
export class BatchSizer {
  private next = FIRST_BATCH_FILES;

  /** About how many files the next batch should hold. */
  get budget(): number {
    return this.next;
  }

  /** A batch was written: `files` files (written or left as they were) in `seconds`, locks included. */
  record(files: number, seconds: number): void {
    if (!(files > 0)) return;
    const fits = seconds > 0 ? Math.floor((files * BATCH_SECONDS) / seconds) : Infinity;
    this.next = Math.max(MIN_BATCH_FILES, Math.min(files * BATCH_GROWTH, fits));
  }
}

/**
 * Splits `items` (in their order) into batches of whole items: each batch takes items until
 * `filesOf` of them reaches the sizer's budget at the time it is made, and takes the rest too when
 * the rest would be under {@link REST_SHARE} of that budget (a last, small batch would cost its
 * own flushes for little). Lazy: a batch is made when the one before was written and recorded.
 */
export function* inBatches<T>(items: readonly T[], filesOf: (item: T) => number, sizer: BatchSizer): Generator<T[]> {
  const sizes = items.map(filesOf);
  let left = sizes.reduce((n, f) => n + f, 0);
  let i = 0;
  while (i < items.length) {
    const budget = sizer.budget;
    const start = i;
    let files = 0;
    while (i < items.length && (i === start || files < budget)) files += sizes[i++]!;
    if (left - files < budget * REST_SHARE) i = items.length;
    for (let k = start; k < i; k++) left -= sizes[k]!;
    yield items.slice(start, i);
  }
}

/** A rest under this share of a batch's budget goes with that batch. */
export const REST_SHARE = 0.25;

/** One batch written by {@link writeInBatches}. */
export interface BatchReport {
  readonly trees: number;
  readonly files: number;
  /** How long `write` took for it: from its first lock taken to its last released. */
  readonly seconds: number;
}

/**
 * Writes `items` batch by batch ({@link inBatches}), timing each `write` and recording it in the
 * sizer before the next batch is made; returns the results of every batch, in the items' order.
 * A batch that throws stops the run there.
 */
export async function writeInBatches<T, R>(
  items: readonly T[],
  filesOf: (item: T) => number,
  write: (batch: T[]) => Promise<readonly R[]>,
  options: { readonly sizer?: BatchSizer; readonly onBatch?: (report: BatchReport) => void } = {},
): Promise<R[]> {
  const sizer = options.sizer ?? new BatchSizer();
  const results: R[] = [];
  for (const batch of inBatches(items, filesOf, sizer)) {
    const start = performance.now();
    results.push(...(await write(batch)));
    const report = { trees: batch.length, files: batch.reduce((n, item) => n + filesOf(item), 0), seconds: (performance.now() - start) / 1000 };
    sizer.record(report.files, report.seconds);
    options.onBatch?.(report);
  }
  return results;
}
