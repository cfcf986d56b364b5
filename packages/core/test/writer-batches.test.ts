/**
 * How a run splits its trees into batches (writer/batches.ts): sized by the time the batches
 * before took, so that a batch holds its locks for about BATCH_SECONDS on any disk.
 */
import { describe, expect, it } from 'vitest';
import { BATCH_GROWTH, BATCH_SECONDS, BatchSizer, FIRST_BATCH_FILES, inBatches, MIN_BATCH_FILES, REST_SHARE } from '../src/writer/batches.js';

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
    expect(MIN_BATCH_FILES).toBe(256);
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
