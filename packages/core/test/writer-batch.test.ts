/**
 * writeTrees: several trees as one batch, each all or nothing, with one flush per file system and
 * phase (`filesystem`) or an fsync per file (`each`). Proven as writer-faults.test.ts proves a
 * single tree: an I/O error, then a crash, at every step of a batch of three trees (one new, two
 * changed from an old version), checking each tree on disk exactly.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxgenError } from '../src/errors.js';
import { JOURNAL, LOCK, nodeTreeFs, planWrite, writeTree, writeTrees, type TreeFs, type WriteTarget } from '../src/writer.js';
import { faultyFs, files, sandbox, snapshot } from './writer-helpers.js';

const OLD = files({ 'a.yaml': 'a1\n', 'keep.yaml': 'k\n', 'gone/deep/x.yaml': 'x\n', 'upd/y.yaml': 'y1\n' });
const NEW = files({ 'a.yaml': 'a2\n', 'keep.yaml': 'k\n', 'upd/y.yaml': 'y2\n', 'new/dir/z.yaml': 'z\n', 'b.yaml': 'b\n' });
const NAMES = ['t1', 't2', 't3'] as const;

/** The batches under test: in memory where possible (see sandbox); `disk` for what needs a real disk. */
let box: ReturnType<typeof sandbox>;
let disk: ReturnType<typeof sandbox>;
const roots = (base = box.base) => NAMES.map((n) => join(base, n));
const targets = (tree = NEW, base = box.base): WriteTarget[] => NAMES.map((name) => ({ root: join(base, name), files: tree, context: { cluster: name } }));
let oldSnap: Record<string, string>;
let newSnap: Record<string, string>;

/** The fault loops need no real flush: flushes are counted as steps, not made. */
const fast: TreeFs = { ...nodeTreeFs, fsync: () => {}, fsyncDir: () => {}, fsyncFile: () => {}, syncFs: () => true };

/** t1 absent (a new tree), t2 and t3 at OLD with a hand-written file. */
function reset(base = box.base): void {
  for (const root of roots(base)) rmSync(root, { recursive: true, force: true });
  for (const root of roots(base).slice(1)) {
    for (const [path, text] of Object.entries(oldSnap)) {
      if (path.endsWith('/')) mkdirSync(join(root, path), { recursive: true });
      else {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    }
  }
}

/** Each tree: 'absent', 'old' or 'new' (exactly), or what it is. */
function states(base = box.base): string[] {
  return roots(base).map((root, i) => {
    const snap = snapshot(root);
    if (Object.keys(snap).length === 0) return 'absent';
    const same = (want: Record<string, string>, noNotes: boolean) => {
      const have = noNotes ? Object.fromEntries(Object.entries(snap).filter(([p]) => p !== 'NOTES.md')) : snap;
      const expected = noNotes ? Object.fromEntries(Object.entries(want).filter(([p]) => p !== 'NOTES.md')) : want;
      return JSON.stringify(have) === JSON.stringify(expected);
    };
    // t1 starts absent: its new state has no NOTES.md.
    if (same(newSnap, i === 0)) return 'new';
    if (i > 0 && same(oldSnap, false)) return 'old';
    return `neither: ${JSON.stringify(snap)}`;
  });
}

/** How many file-system calls the batch makes, from the reset state to the new trees. */
async function batchSteps(): Promise<number> {
  reset();
  const counting = faultyFs({ base: fast });
  await writeTrees(targets(), { fs: counting, flush: 'filesystem' });
  return counting.calls();
}

beforeAll(async () => {
  box = sandbox({ inMemory: true });
  disk = sandbox();
  const one = join(box.base, 'one');
  await writeTree(one, OLD);
  writeFileSync(join(one, 'NOTES.md'), 'mine\n');
  oldSnap = snapshot(one);
  await writeTree(one, NEW);
  newSnap = snapshot(one);
  rmSync(one, { recursive: true });
});
afterAll(() => {
  box.dispose();
  disk.dispose();
});

describe('a batch', () => {
  it('writes every tree as writeTree would, flushing once per phase (filesystem) or per file (each)', async () => {
    for (const flush of ['filesystem', 'each'] as const) {
      reset();
      const fs = faultyFs({ base: { ...nodeTreeFs, syncFs: () => true } });
      const plans = await writeTrees(targets(), { fs, flush });
      expect(states(), flush).toEqual(['new', 'new', 'new']);
      expect(plans.map((p) => p.created.length)).toEqual([5, 2, 2]);
      expect(plans[1]).toMatchObject({ updated: ['a.yaml', 'upd/y.yaml'], removed: ['gone/deep/x.yaml'], unchanged: ['keep.yaml'] });
      const calls = fs.log.map((l) => l.split(' ')[0]);
      const count = (call: string) => calls.filter((c) => c === call).length;
      if (flush === 'filesystem') {
        // Stage (temp files and journals), apply, and finish (the removals emptied folders): three
        // flushes of the file system for the three trees; the commit fsyncs each root folder.
        expect(count('syncFs')).toBe(3);
        expect(count('fsync') + count('fsyncFile')).toBe(0);
        const syncs = calls.flatMap((c, i) => (c === 'syncFs' ? [i] : []));
        const where = (match: (line: string) => boolean) => fs.log.flatMap((l, i) => (match(l) ? [i] : []));
        const between = (xs: number[], from: number, to: number) => xs.length > 0 && xs.every((i) => i > from && i < to);
        const temps = where((l) => l.startsWith('create ') && !l.includes('tmp-journal'));
        expect(temps).toHaveLength(16); // the three trees' temp files, manifests included
        // Every temp file and every journal written before the first flush.
        expect(between(temps, -1, syncs[0]!)).toBe(true);
        expect(where((l) => l.startsWith('create ') && l.includes('tmp-journal'))).toHaveLength(3);
        expect(between(where((l) => l.startsWith('create ') && l.includes('tmp-journal')), -1, syncs[0]!)).toBe(true);
        // Every journal renamed into place after it, then each root folder flushed, before any
        // rename of the apply; every rename of the apply before the next flush.
        const journals = where((l) => l.startsWith('rename ') && l.includes('tmp-journal'));
        const commits = where((l) => l.startsWith('fsyncDir '));
        expect(journals).toHaveLength(3);
        expect(commits.map((i) => fs.log[i])).toEqual(roots().map((root) => `fsyncDir ${root}`));
        expect(between(journals, syncs[0]!, Math.min(...commits))).toBe(true);
        expect(between(where((l) => l.startsWith('rename ') && !l.includes('tmp-journal')), Math.max(...commits), syncs[1]!)).toBe(true);
        // Every journal removed after the renames are on the disk.
        expect(between(where((l) => l.startsWith('unlink ') && l.endsWith(JOURNAL)), syncs[1]!, syncs[2]!)).toBe(true);
      } else {
        expect(count('syncFs')).toBe(0);
        expect(count('fsync')).toBeGreaterThan(9);
      }
    }
  });

  it('flushes a fresh batch twice: the staged files and journals, then the renames', async () => {
    reset();
    for (const root of roots()) rmSync(root, { recursive: true, force: true });
    const fs = faultyFs({ base: { ...nodeTreeFs, syncFs: () => true } });
    await writeTrees(targets(), { fs, flush: 'filesystem' });
    const calls = fs.log.map((l) => l.split(' ')[0]);
    expect(calls.filter((c) => c === 'syncFs')).toHaveLength(2);
    // The journals' removal is not waited for: after the second flush, only removals.
    const last = calls.lastIndexOf('syncFs');
    expect(new Set(calls.slice(last + 1).filter((c) => c !== 'lstat' && c !== 'readdir'))).toEqual(new Set(['unlink']));
    expect(fs.log.slice(last + 1).filter((l) => l.startsWith('unlink ') && l.endsWith(JOURNAL))).toHaveLength(3);
  });

  it('falls back to an fsync per file and folder where the system cannot flush a file system', async () => {
    reset();
    const fs = faultyFs({ base: { ...nodeTreeFs, syncFs: () => false } });
    await writeTrees(targets(), { fs, flush: 'filesystem' });
    expect(states()).toEqual(['new', 'new', 'new']);
    const flushed = fs.log.filter((l) => l.startsWith('fsyncFile ')).map((l) => l.slice('fsyncFile '.length));
    // Every temp file and every journal, by the path it has at the flush (the journal's temp file).
    expect(flushed.filter((p) => p.includes('.fluxgen-tmp-')).length).toBe(16 + 3);
    expect(flushed.filter((p) => p.includes('.fluxgen-tmp-journal-')).length).toBe(3);
    expect(fs.log.some((l) => l.startsWith('fsyncDir '))).toBe(true);
  });

  it('picks the flush by size: an fsync per file for a few files', async () => {
    reset();
    const fs = faultyFs({ base: { ...nodeTreeFs, syncFs: () => true } });
    await writeTrees(targets(), { fs });
    expect(fs.log.some((l) => l.startsWith('syncFs'))).toBe(false);
    expect(states()).toEqual(['new', 'new', 'new']);
  });

  it('on the real file system, on disk (syncfs where Linux has `sync -f`)', async () => {
    reset(disk.base);
    const plans = await writeTrees(targets(NEW, disk.base), { flush: 'filesystem' });
    expect(plans).toHaveLength(3);
    expect(states(disk.base)).toEqual(['new', 'new', 'new']);
    // Up to date: a second batch changes nothing.
    const again = await writeTrees(targets(NEW, disk.base), { flush: 'filesystem' });
    expect(again.map((p) => p.created.length + p.updated.length + p.removed.length)).toEqual([0, 0, 0]);
  });

  it('a tree the batch may not write: the trees before it are written, it and the trees after it are left as they were', async () => {
    reset();
    writeFileSync(join(roots()[1]!, 'b.yaml'), 'hand-written\n');
    const error = (await writeTrees(targets(), { flush: 'filesystem' }).catch((e: unknown) => e)) as FluxgenError;
    expect(error).toBeInstanceOf(FluxgenError);
    expect(error.diagnostics).toEqual([expect.objectContaining({ code: 'FILE_NOT_OWNED', cluster: 't2', path: join(roots()[1]!, 'b.yaml') })]);
    rmSync(join(roots()[1]!, 'b.yaml'));
    expect(states()).toEqual(['new', 'old', 'old']);
  });

  it('a tree whose lock another run holds: TREE_LOCKED for it, the trees before it written, those after it untouched', async () => {
    reset();
    mkdirSync(join(roots()[1]!, LOCK));
    const noWait = targets().map((t) => ({ ...t, context: { ...t.context, lockWaitMs: 0 } }));
    const error = (await writeTrees(noWait, { flush: 'filesystem' }).catch((e: unknown) => e)) as FluxgenError;
    rmSync(join(roots()[1]!, LOCK), { recursive: true });
    expect(error.diagnostics.map((d) => [d.code, d.cluster])).toEqual([['TREE_LOCKED', 't2']]);
    expect(states()).toEqual(['new', 'old', 'old']);
  });

  it('takes the locks in the order of the paths, whatever the order of the targets', async () => {
    reset();
    const fs = faultyFs({ base: fast });
    const plans = await writeTrees([...targets()].reverse(), { fs, flush: 'filesystem' });
    expect(plans.map((p) => p.created.length)).toEqual([2, 2, 5]);
    // Each tree's lock is taken just before its journal is looked for: the first call inside it.
    const firstTouch = NAMES.map((n) => fs.log.findIndex((l) => l.includes(`/${n}/`)));
    expect(firstTouch.every((i) => i >= 0)).toBe(true);
    expect([...firstTouch].sort((a, b) => a - b)).toEqual(firstTouch);
  });
});

describe('an I/O error at each step of a batch', () => {
  it('fails one tree with a coded error; the trees before it are written (unless a flush failed), it and those after it are as they were', { timeout: 120_000 }, async () => {
    const steps = await batchSteps();
    expect(steps).toBeGreaterThan(60);
    const seen = { written: 0, old: 0, cleanup: 0 };
    const errnos = ['ENOSPC', 'EACCES', 'EIO'];
    for (let at = 0; at < steps; at++) {
      reset();
      const errno = errnos[at % errnos.length]!;
      const fs = faultyFs({ at, errno, base: fast });
      const error = await writeTrees(targets(), { fs, flush: 'filesystem' }).catch((e: unknown) => e);
      const label = `${errno} at step ${at} (${fs.log[at]})`;
      expect(error, label).toBeInstanceOf(FluxgenError);
      const diagnostics = (error as FluxgenError).diagnostics;
      expect(diagnostics, label).toHaveLength(1);
      const [d] = diagnostics;
      expect(d, label).toMatchObject({ code: 'FILE_IO_FAILED' });
      expect(d!.message, label).toContain(errno);
      expect(d!.hint, label).toBeTruthy();
      const failed = NAMES.indexOf(d!.cluster as (typeof NAMES)[number]);
      expect(failed, label).toBeGreaterThanOrEqual(0);
      const after = states();
      const was = (i: number) => (i === 0 ? 'absent' : 'old');
      if (d!.message.includes('nothing was changed')) {
        expect(after[failed], label).toBe(was(failed));
        seen.old++;
      } else {
        // Only cleaning up after a complete write can fail this late: the tree's files are new.
        expect(d!.message, label).toContain('the new tree is in place');
        const snap = snapshot(roots()[failed]!);
        for (const [path, text] of NEW) expect(snap[path], `${label}: ${path}`).toBe(text);
        seen.cleanup++;
      }
      // After a failed clean-up (the tree is written) the batch goes on; otherwise the trees after it are untouched.
      const cleanup = !d!.message.includes('nothing was changed');
      for (let i = failed + 1; i < NAMES.length; i++) expect(after[i], `${label}: ${NAMES[i]}`).toBe(cleanup ? 'new' : was(i));
      for (let i = 0; i < failed; i++) expect([was(i), 'new'], `${label}: ${NAMES[i]}`).toContain(after[i]);
      if (after.slice(0, failed).includes('new')) seen.written++;
      // The next run, without a fault, always ends at exactly the new trees.
      await writeTrees(targets(), { fs: fast, flush: 'filesystem' });
      expect(states(), `${label}, then a clean run`).toEqual(['new', 'new', 'new']);
    }
    expect(seen.written, 'failures after which the trees before the failed one were written').toBeGreaterThan(5);
    expect(seen.old).toBeGreaterThan(seen.cleanup);
  });

  it('a flush that fails (syncFs) rolls back every tree under way, and says the tree is unchanged', async () => {
    reset();
    const fs = faultyFs({ at: 0, errno: 'EIO', only: 'syncFs', base: fast });
    const error = (await writeTrees(targets(), { fs, flush: 'filesystem' }).catch((e: unknown) => e)) as FluxgenError;
    expect(error.diagnostics[0]!.message).toMatch(/^could not flush to disk the file system holding this path: EIO .*; nothing was changed/);
    expect(error.diagnostics[0]).toMatchObject({ cluster: 't1', path: roots()[0] });
    expect(error.diagnostics[0]!.hint).toContain('I/O error');
    expect(states()).toEqual(['absent', 'old', 'old']);
  });
});

describe('a flush that fails where the system cannot syncfs', () => {
  it("an fsync of one tree's file fails: that tree is named, every tree under way is as it was", async () => {
    reset();
    const base = { ...fast, syncFs: () => false };
    const counting = faultyFs({ base, only: 'fsyncFile' });
    await writeTrees(targets(), { fs: counting, flush: 'filesystem' });
    const at = counting.log.filter((l) => l.startsWith('fsyncFile ')).findIndex((l) => l.includes(`${join(box.base, 't2')}/`));
    expect(at).toBeGreaterThan(0);
    reset();
    const fs = faultyFs({ at, errno: 'EIO', only: 'fsyncFile', base });
    const error = (await writeTrees(targets(), { fs, flush: 'filesystem' }).catch((e: unknown) => e)) as FluxgenError;
    expect(error.diagnostics).toEqual([expect.objectContaining({ code: 'FILE_IO_FAILED', cluster: 't2' })]);
    expect(error.diagnostics[0]!.message).toContain('nothing was changed');
    expect(states()).toEqual(['absent', 'old', 'old']);
  });
});

describe('a crash at each step of a batch', () => {
  it('leaves each tree old or new, or with a journal that --check reports; the next run completes every tree', { timeout: 120_000 }, async () => {
    const steps = await batchSteps();
    const seen = { journal: 0, whole: 0 };
    for (let at = 0; at < steps; at++) {
      reset();
      const fs = faultyFs({ at, crash: true, base: fast });
      await writeTrees(targets(), { fs, flush: 'filesystem' }).catch(() => undefined);
      const label = `crash at step ${at} (${fs.log[at]})`;
      for (const [i, root] of roots().entries()) {
        const snap = snapshot(root);
        for (const [path, text] of Object.entries(snap)) {
          if (path.endsWith('/') || /(^|\/)\.fluxgen/.test(path) || path === 'NOTES.md') continue;
          expect([OLD.get(path), NEW.get(path)], `${label}: ${NAMES[i]}/${path}`).toContain(text);
        }
        if (snap[JOURNAL] !== undefined) {
          expect(() => planWrite(root, NEW), `${label}: ${NAMES[i]}`).toThrow(/interrupted/);
          seen.journal++;
        } else {
          const generated = Object.fromEntries(Object.entries(snap).filter(([p]) => !p.includes('.fluxgen-tmp-') && !p.endsWith('/') && p !== '.fluxgen.lock'));
          const matches = (want: Record<string, string>) =>
            Object.entries(want)
              .filter(([p]) => !p.endsWith('/') && !(i === 0 && p === 'NOTES.md'))
              .every(([p, t]) => generated[p] === t) && Object.keys(generated).every((p) => want[p] !== undefined);
          const empty = Object.keys(generated).length === 0;
          expect(empty || matches(oldSnap) || matches(newSnap), `${label}: ${NAMES[i]} is neither old nor new: ${JSON.stringify(generated)}`).toBe(true);
          seen.whole++;
        }
      }
      await writeTrees(targets(), { fs: fast, flush: 'filesystem' });
      expect(states(), `${label}, then a run`).toEqual(['new', 'new', 'new']);
    }
    expect(seen.journal, 'trees a crash left with a journal').toBeGreaterThan(20);
  });
});

describe('nodeTreeFs.syncFs', () => {
  let bin: string;
  const path = process.env['PATH'];
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'fluxgen-sync-'));
  });
  afterAll(() => {
    process.env['PATH'] = path;
    rmSync(bin, { recursive: true, force: true });
  });
  const fakeSync = (script: string) => {
    writeFileSync(join(bin, 'sync'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'sync'), 0o755);
    process.env['PATH'] = `${bin}:${path}`;
  };

  it.skipIf(process.platform !== 'linux')('flushes the file systems (Linux: `sync -f`, in a process group of its own); a `sync` that fails is an I/O error; one stopped by a signal or without -f means "cannot"', () => {
    expect(nodeTreeFs.syncFs([disk.base, join(disk.base, '..')])).toBe(true);
    fakeSync(`echo "sync: error syncing '$3': Input/output error" >&2; exit 1`);
    expect(() => nodeTreeFs.syncFs([disk.base])).toThrow(expect.objectContaining({ code: 'EIO', message: expect.stringContaining('Input/output error') }));
    // Stopped by a signal: this flush falls back to fsyncs, the next one tries `sync` again.
    fakeSync('kill -INT $$');
    expect(nodeTreeFs.syncFs([disk.base])).toBe(false);
    // In a process group of its own: a Ctrl-C at the terminal (to fluxgen's group) does not reach it.
    const pgrp = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]); // /proc/<pid>/stat: state, ppid, pgrp
    fakeSync('cat /proc/$$/stat > "$3.stat"');
    expect(nodeTreeFs.syncFs([disk.base])).toBe(true);
    const group = pgrp(readFileSync(`${disk.base}.stat`, 'utf8'));
    rmSync(`${disk.base}.stat`);
    expect(group).toBeGreaterThan(0);
    expect(group).not.toBe(pgrp(readFileSync('/proc/self/stat', 'utf8')));
    fakeSync(`echo "sync: invalid option -- 'f'" >&2; exit 1`);
    expect(nodeTreeFs.syncFs([disk.base])).toBe(false);
    // From then on, this process fsyncs file by file without trying again.
    fakeSync('exit 0');
    expect(nodeTreeFs.syncFs([disk.base])).toBe(false);
  });
});
