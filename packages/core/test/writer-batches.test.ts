/**
 * How a run splits its trees into batches (writer/batches.ts): sized by the time the batches
 * before took, so that a batch holds its locks for about BATCH_SECONDS on any disk.
 */
import { describe, expect, it } from 'vitest';
import { BATCH_GROWTH, BATCH_SECONDS, BatchSizer, FIRST_BATCH_FILES, inBatches, MIN_BATCH_FILES, REST_SHARE, writeInBatches, type BatchReport } from '../src/writer/batches.js';
import { FLUSH_FILESYSTEM_FROM } from '../src/writer/tree.js';

describe('BatchSizer', () => {
  it('starts at the first batch size', () => {
    expect(new BatchSizer().budget).toBe(1024);
    expect(FIRST_BATCH_FILES).toBe(1024);
  });

  it('plans the next batch at what the last pace writes in BATCH_SECONDS', () => {
    const sizer = new BatchSizer();
    sizer.record(1024, 0.5); // 2,048 files a second
    expect(sizer.budget).toBe(2048);
    sizer.record(2048, 2); // slower: 1,024 a second
    expect(sizer.budget).toBe(1024);
    sizer.record(1000, 0.8); // 1,250 a second
    expect(sizer.budget).toBe(1250);
  });

  it('grows at most BATCH_GROWTH times the last batch', () => {
    const sizer = new BatchSizer();
    sizer.record(1024, 0.01); // 102,400 files a second: a pace measured on few files can mislead
    expect(sizer.budget).toBe(1024 * BATCH_GROWTH);
    sizer.record(4096, 0); // no measurable time
    expect(sizer.budget).toBe(4096 * BATCH_GROWTH);
  });

  it('shrinks on a slow disk, down to MIN_BATCH_FILES', () => {
    const sizer = new BatchSizer();
    sizer.record(1024, 2); // 512 files a second
    expect(sizer.budget).toBe(512);
    sizer.record(512, 4); // 128 a second
    expect(sizer.budget).toBe(MIN_BATCH_FILES);
    expect(MIN_BATCH_FILES).toBe(FLUSH_FILESYSTEM_FROM);
  });

  it('keeps a planned batch within BATCH_SECONDS at the measured pace, unless at the minimum', () => {
    for (const [files, seconds] of [
      [1024, 0.3],
      [1024, 0.7],
      [3000, 1.9],
      [300, 0.05],
      [1024, 3.5],
    ] as const) {
      const sizer = new BatchSizer();
      sizer.record(files, seconds);
      const plannedSeconds = sizer.budget / (files / seconds);
      if (sizer.budget > MIN_BATCH_FILES) expect(plannedSeconds).toBeLessThanOrEqual(BATCH_SECONDS);
      expect(sizer.budget).toBeGreaterThanOrEqual(MIN_BATCH_FILES);
      expect(sizer.budget).toBeLessThanOrEqual(files * BATCH_GROWTH);
    }
  });

  it('ignores a batch with no files', () => {
    const sizer = new BatchSizer();
    sizer.record(0, 1);
    expect(sizer.budget).toBe(FIRST_BATCH_FILES);
  });
});

describe('inBatches', () => {
  const trees = (n: number, files = 57) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, files }));

  it('takes whole trees until the budget is reached, in order', () => {
    const sizer = new BatchSizer();
    const batches = [...inBatches(trees(45), (t) => t.files, sizer)];
    // 18 trees of 57 files reach 1,024 (17 make 969); nothing recorded, so every batch has the first budget.
    expect(batches.map((b) => b.length)).toEqual([18, 18, 9]);
    expect(batches.flat().map((t) => t.name)).toEqual(trees(45).map((t) => t.name));
  });

  it('takes the rest along when it is under a quarter of the budget', () => {
    expect(REST_SHARE).toBe(0.25);
    const count = (n: number) => [...inBatches(trees(n), (t) => t.files, new BatchSizer())].map((b) => b.length);
    // 22 trees: the rest after 18 is 228 files, under 256 (a quarter of 1,024): one batch.
    expect(count(22)).toEqual([22]);
    // 23 trees: the rest is 285 files: its own batch.
    expect(count(23)).toEqual([18, 5]);
    // 40 trees: after two batches of 18, 228 files are left: they go with the second.
    expect(count(40)).toEqual([18, 22]);
  });

  it('makes each batch when the one before was recorded, at the budget of that time', () => {
    const sizer = new BatchSizer();
    const sizes: number[] = [];
    for (const batch of inBatches(trees(100), (t) => t.files, sizer)) {
      sizes.push(batch.length);
      const files = batch.reduce((n, t) => n + t.files, 0);
      sizer.record(files, files / 3000); // a disk writing 3,000 files a second
    }
    // 1,026 files, then what 3,000 files a second write in a second (53 trees), then the rest.
    expect(sizes).toEqual([18, 53, 29]);
  });

  it('puts a tree larger than the budget alone in its batch, and never yields an empty batch', () => {
    const sizer = new BatchSizer();
    const items = [{ files: 5000 }, { files: 10 }, { files: 2000 }];
    const batches = [...inBatches(items, (t) => t.files, sizer)];
    expect(batches.map((b) => b.map((t) => t.files))).toEqual([[5000], [10, 2000]]);
    expect([...inBatches([], (t: { files: number }) => t.files, sizer)]).toEqual([]);
  });
});

describe('writeInBatches', () => {
  const trees = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, files: 57 }));

  it('writes batch by batch, records each in the sizer before the next is made, and returns every result in order', async () => {
    const recorded: number[] = [];
    const sizer = new (class extends BatchSizer {
      override record(files: number, seconds: number): void {
        expect(seconds).toBeGreaterThan(0);
        recorded.push(files);
        super.record(files, 1); // a pace of `files` a second
      }
    })();
    const written: string[][] = [];
    const reports: BatchReport[] = [];
    const results = await writeInBatches(
      trees(60),
      (t) => t.files,
      async (batch) => {
        written.push(batch.map((t) => t.name));
        await new Promise((r) => setTimeout(r, 2));
        return batch.map((t) => `${t.name}: written`);
      },
      { sizer, onBatch: (r) => reports.push(r) },
    );
    expect(results).toEqual(trees(60).map((t) => `${t.name}: written`));
    // 18 trees (1,026 files), then at a budget of 1,026 two more batches of 18, then the rest:
    // 6 trees (342 files, over a quarter of the budget, so a batch of its own).
    expect(written.map((b) => b.length)).toEqual([18, 18, 18, 6]);
    expect(recorded).toEqual([1026, 1026, 1026, 342]);
    expect(reports.map((r) => [r.trees, r.files])).toEqual([
      [18, 1026],
      [18, 1026],
      [18, 1026],
      [6, 342],
    ]);
  });

  it('stops at a batch that throws: the batches after it are not written', async () => {
    const written: number[] = [];
    const run = writeInBatches(
      trees(60),
      (t) => t.files,
      async (batch) => {
        written.push(batch.length);
        if (written.length === 2) throw new Error('disk full');
        return batch;
      },
    );
    await expect(run).rejects.toThrow('disk full');
    expect(written).toHaveLength(2);
  });
});
