/**
 * All or nothing, proven by failing the writer's file system at every step of a write, in
 * process: each TreeFs call of a run from an old tree to a new one (files created in new folders,
 * updated, unchanged and removed, leaving folders empty) fails once in turn, with ENOSPC, EACCES
 * or EIO; then the same run "crashes" at each step (that call and every later one fail: a kill,
 * with no chance to undo). Each case checks the tree on disk exactly, folders included.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxgenError } from '../src/errors.js';
import { JOURNAL, nodeTreeFs, planWrite, writeTree } from '../src/writer.js';
import { faultyFs, files, sandbox, snapshot } from './writer-helpers.js';

const OLD = files({ 'a.yaml': 'a1\n', 'keep.yaml': 'k\n', 'gone/deep/x.yaml': 'x\n', 'upd/y.yaml': 'y1\n' });
const NEW = files({ 'a.yaml': 'a2\n', 'keep.yaml': 'k\n', 'upd/y.yaml': 'y2\n', 'new/dir/z.yaml': 'z\n', 'b.yaml': 'b\n' });

let box: ReturnType<typeof sandbox>;
let oldSnap: Record<string, string>;
let newSnap: Record<string, string>;
let steps: number;

/** The tree at OLD (as the writer left it), with a hand-written file no run may touch. */
async function resetToOld(): Promise<void> {
  rmSync(box.root, { recursive: true, force: true });
  if (oldSnap === undefined) {
    await writeTree(box.root, OLD);
    writeFileSync(join(box.root, 'NOTES.md'), 'mine\n');
    return;
  }
  mkdirSync(box.root);
  for (const [path, text] of Object.entries(oldSnap)) {
    if (path.endsWith('/')) mkdirSync(join(box.root, path), { recursive: true });
    else writeFileSync(join(box.root, path), text);
  }
}

/** The fault loops do not need the disk to flush: fsync calls are counted as steps, not made. */
const noFlush = { fsync: () => {}, fsyncDir: () => {} };
const fast = { ...nodeTreeFs, ...noFlush };

beforeAll(async () => {
  box = sandbox({ inMemory: true });
  await writeTree(box.root, NEW);
  writeFileSync(join(box.root, 'NOTES.md'), 'mine\n');
  newSnap = snapshot(box.root);
  await resetToOld();
  oldSnap = snapshot(box.root);
  const counting = faultyFs();
  await writeTree(box.root, NEW, { fs: counting });
  expect(snapshot(box.root)).toEqual(newSnap);
  steps = counting.calls();
});
afterAll(() => box.dispose());

/** The generated files of a snapshot, each either its old or its new content. */
function expectEachFileOldOrNew(snap: Record<string, string>): void {
  for (const [path, text] of Object.entries(snap)) {
    if (path.endsWith('/') || /(^|\/)\.fluxgen/.test(path) || path === 'NOTES.md') continue;
    expect([OLD.get(path), NEW.get(path)], path).toContain(text);
  }
  expect(snap['NOTES.md']).toBe('mine\n');
}

describe('an I/O error at each step of a write', () => {
  it('leaves the tree entirely old (or, after the commit, entirely new), with a coded error naming the call and path', { timeout: 120_000 }, async () => {
    expect(steps).toBeGreaterThan(30);
    const outcomes = { old: 0, new: 0 };
    const errnos = ['ENOSPC', 'EACCES', 'EIO'];
    for (let at = 0; at < steps; at++) {
      await resetToOld();
      const errno = errnos[at % errnos.length]!;
      const fs = faultyFs({ at, errno, base: fast });
      const error = await writeTree(box.root, NEW, { fs, cluster: 'lab' }).catch((e: unknown) => e);
      const label = `${errno} at step ${at} (${fs.log[at]})`;
      expect(error, label).toBeInstanceOf(FluxgenError);
      const [d] = (error as FluxgenError).diagnostics;
      expect(d, label).toMatchObject({ code: 'FILE_IO_FAILED', cluster: 'lab' });
      expect(d!.message, label).toContain(errno);
      expect(d!.path, label).toContain(box.root);
      expect(d!.hint, label).toBeTruthy();
      if (d!.message.includes('nothing was changed')) {
        expect(snapshot(box.root), label).toEqual(oldSnap);
        outcomes.old++;
      } else {
        // Only cleaning up after a complete write can fail this late: the tree is new.
        expect(d!.message, label).toContain('the new tree is in place');
        const snap = snapshot(box.root);
        for (const [path, text] of NEW) expect(snap[path], `${label}: ${path}`).toBe(text);
        outcomes.new++;
      }
      if (errno === 'ENOSPC' && at === steps >> 1) expect(d!.hint).toContain('disk');
      // The next run, without a fault, always ends at exactly the new tree.
      await writeTree(box.root, NEW, { fs: fast });
      expect(snapshot(box.root), `${label}, then a clean run`).toEqual(newSnap);
    }
    expect(outcomes.old).toBeGreaterThan(outcomes.new);
  });

  it('ENOSPC while writing a temp file: the error says so, names the file, and the tree is old', async () => {
    await resetToOld();
    const fs = faultyFs({ at: 1, errno: 'ENOSPC', only: 'write' });
    const error = (await writeTree(box.root, NEW, { fs, cluster: 'lab' }).catch((e: unknown) => e)) as FluxgenError;
    expect(error.codes).toEqual(['FILE_IO_FAILED']);
    expect(error.diagnostics[0]!.message).toMatch(/^could not write: ENOSPC \(no space left on device\); nothing was changed/);
    expect(error.diagnostics[0]!.path).toMatch(/\.fluxgen-tmp-/);
    expect(error.diagnostics[0]!.hint).toContain('the disk (or your quota) is full');
    expect(snapshot(box.root)).toEqual(oldSnap);
  });

  it('EACCES on a rename while applying: undone at once, the tree is old', async () => {
    await resetToOld();
    const fs = faultyFs({ at: 3, errno: 'EACCES', only: 'rename' });
    const error = (await writeTree(box.root, NEW, { fs, cluster: 'lab' }).catch((e: unknown) => e)) as FluxgenError;
    expect(error.codes).toEqual(['FILE_IO_FAILED']);
    expect(error.diagnostics[0]!.message).toContain('could not rename: EACCES (permission denied); nothing was changed');
    expect(error.diagnostics[0]!.hint).toContain('permissions');
    expect(snapshot(box.root)).toEqual(oldSnap);
  });
});

describe('a crash at each step of a write', () => {
  it('leaves each file old or new; --check reports an interrupted write, and the next run completes it', { timeout: 120_000 }, async () => {
    const seen = { journal: 0, old: 0, new: 0 };
    for (let at = 0; at < steps; at++) {
      await resetToOld();
      const fs = faultyFs({ at, crash: true, base: fast });
      await writeTree(box.root, NEW, { fs }).catch(() => undefined);
      const label = `crash at step ${at} (${fs.log[at]})`;
      const after = snapshot(box.root);
      expectEachFileOldOrNew(after);

      // What --check sees: an interrupted write, or a tree that is entirely old or entirely new.
      const check = (() => {
        try {
          return planWrite(box.root, NEW);
        } catch (error) {
          return error as FluxgenError;
        }
      })();
      if (after[JOURNAL] !== undefined) {
        expect((check as FluxgenError).codes, label).toEqual(['TREE_INTERRUPTED']);
        seen.journal++;
      } else {
        expect(check, label).not.toBeInstanceOf(Error);
        const generated = Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith('.fluxgen-tmp-') && !p.includes('/.fluxgen-tmp-')));
        const same = (snap: Record<string, string>) => Object.keys(snap).every((p) => snap[p] === generated[p] || p.endsWith('/'));
        const isOld = same(oldSnap) && Object.keys(OLD).every((p) => generated[p] === OLD.get(p));
        const isNew = same(newSnap);
        expect(isOld || isNew, `${label}: neither the old nor the new tree without a journal`).toBe(true);
        if (isNew && !isOld) seen.new++;
        else seen.old++;
      }
      // The next run completes (or discards) the interrupted write, then writes: exactly the new tree.
      await writeTree(box.root, NEW, { fs: fast });
      expect(snapshot(box.root), `${label}, then a run`).toEqual(newSnap);
    }
    expect(seen.journal, 'crashes that left a journal').toBeGreaterThan(10);
    expect(seen.old, 'crashes before the commit').toBeGreaterThan(5);
  });

  it('a crash, then a run back to the old version: the interrupted write is completed, then undone by the plan', async () => {
    for (const at of [Math.floor(steps / 2), steps - 3]) {
      await resetToOld();
      await writeTree(box.root, NEW, { fs: faultyFs({ at, crash: true }) }).catch(() => undefined);
      await writeTree(box.root, OLD);
      expect(snapshot(box.root), `crash at ${at}`).toEqual(oldSnap);
    }
  });
});
