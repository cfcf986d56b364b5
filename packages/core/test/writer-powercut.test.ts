/**
 * A power cut at every step of a batch write, in both flush modes. writer-faults.test.ts and
 * writer-batch.test.ts crash the process: every call made so far reaches the disk. A power cut
 * keeps only what was flushed: a file's bytes once the file was fsynced (or its file system
 * flushed), a folder's names (new, renamed, removed) once the folder was fsynced (or its file
 * system flushed). Everything else may be lost, and is here (the worst case), except that the
 * system may also have written back any one folder on its own, which each step tries in turn.
 *
 * What must hold after the cut:
 * - no file of a tree is empty or half written: each holds its old or its new bytes;
 * - a journal in place is whole, and so is every temp file it names;
 * - a tree without a journal is entirely old or entirely new (a tree that was absent may also
 *   be absent or empty);
 * - the next run completes or undoes what was interrupted and writes the new tree, exactly.
 *
 * The model replays the writer's own calls, recorded through the TreeFs seam, onto what the disk
 * held before the write; the next run then runs on the real file system, on the tree the model
 * says a power cut left.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL, nodeTreeFs, TEMP_MARK, writeTrees, type TreeFs, type WriteTarget } from '../src/writer.js';
import { files, sandbox, snapshot } from './writer-helpers.js';

const OLD = files({ 'a.yaml': 'a1\n', 'keep.yaml': 'k\n', 'gone/deep/x.yaml': 'x\n', 'upd/y.yaml': 'y1\n' });
const NEW = files({ 'a.yaml': 'a2\n', 'keep.yaml': 'k\n', 'upd/y.yaml': 'y2\n', 'new/dir/z.yaml': 'z\n', 'b.yaml': 'b\n' });
const NAMES = ['t1', 't2', 't3'] as const; // t1 absent before the write, t2 and t3 at OLD

let box: ReturnType<typeof sandbox>;
let oldFiles: Record<string, string>; // a tree at OLD, files only (manifest included)
let newFiles: Record<string, string>;

type Op =
  | { readonly call: 'create'; readonly path: string; readonly fd: number }
  | { readonly call: 'write'; readonly fd: number; readonly text: string }
  | { readonly call: 'fsync'; readonly fd: number }
  | { readonly call: 'fsyncFile' | 'fsyncDir' | 'mkdir' | 'rmdir' | 'unlink'; readonly path: string }
  | { readonly call: 'rename'; readonly from: string; readonly to: string }
  | { readonly call: 'syncFs' };

/** The real file system, recording every call that changes or flushes it. */
function recording(): { fs: TreeFs; ops: Op[] } {
  const ops: Op[] = [];
  const fs: TreeFs = {
    ...nodeTreeFs,
    create: (path) => {
      const fd = nodeTreeFs.create(path);
      ops.push({ call: 'create', path, fd });
      return fd;
    },
    write: (fd, text) => (nodeTreeFs.write(fd, text), void ops.push({ call: 'write', fd, text })),
    fsync: (fd) => (nodeTreeFs.fsync(fd), void ops.push({ call: 'fsync', fd })),
    fsyncFile: (path) => (nodeTreeFs.fsyncFile(path), void ops.push({ call: 'fsyncFile', path })),
    fsyncDir: (path) => (nodeTreeFs.fsyncDir(path), void ops.push({ call: 'fsyncDir', path })),
    mkdir: (path) => (nodeTreeFs.mkdir(path), void ops.push({ call: 'mkdir', path })),
    rmdir: (path) => (nodeTreeFs.rmdir(path), void ops.push({ call: 'rmdir', path })),
    unlink: (path) => (nodeTreeFs.unlink(path), void ops.push({ call: 'unlink', path })),
    rename: (from, to) => (nodeTreeFs.rename(from, to), void ops.push({ call: 'rename', from, to })),
    // Recorded as made: the model decides what it flushed.
    syncFs: () => (ops.push({ call: 'syncFs' }), true),
  };
  return { fs, ops };
}

type Entry = { readonly kind: 'file'; readonly id: number } | { readonly kind: 'dir' };

/** What the system holds (`names`, `data`) and what of it a power cut keeps (`kept…`). */
class Disk {
  private readonly names = new Map<string, Map<string, Entry>>(); // folder → its entries
  private readonly data = new Map<number, string>();
  private readonly keptNames = new Map<string, Map<string, Entry>>();
  private readonly keptData = new Map<number, string>();
  private readonly fds = new Map<number, number>(); // fd → file id
  private nextId = 0;

  /** Starts from what is on the disk under `base`, all of it flushed. */
  constructor(private readonly base: string) {
    this.names.set(base, new Map());
    for (const [rel, text] of Object.entries(snapshot(base))) {
      const abs = join(base, rel);
      if (rel.endsWith('/')) this.add(abs.slice(0, -1), { kind: 'dir' });
      else this.addFile(abs, text);
    }
    for (const [dir, entries] of this.names) this.keptNames.set(dir, new Map(entries));
    for (const [id, text] of this.data) this.keptData.set(id, text);
  }

  private add(abs: string, entry: Entry): void {
    this.names.get(dirname(abs))!.set(abs.slice(dirname(abs).length + 1), entry);
    if (entry.kind === 'dir' && !this.names.has(abs)) this.names.set(abs, new Map());
  }

  private addFile(abs: string, text: string): number {
    const id = this.nextId++;
    this.data.set(id, text);
    this.add(abs, { kind: 'file', id });
    return id;
  }

  private entry(abs: string): Entry | undefined {
    return this.names.get(dirname(abs))?.get(abs.slice(dirname(abs).length + 1));
  }

  private remove(abs: string): Entry | undefined {
    const entry = this.entry(abs);
    this.names.get(dirname(abs))?.delete(abs.slice(dirname(abs).length + 1));
    return entry;
  }

  apply(op: Op): void {
    switch (op.call) {
      case 'create':
        this.fds.set(op.fd, this.addFile(op.path, ''));
        return;
      case 'write': {
        const id = this.fds.get(op.fd)!;
        this.data.set(id, this.data.get(id)! + op.text);
        return;
      }
      case 'fsync': {
        const id = this.fds.get(op.fd)!;
        this.keptData.set(id, this.data.get(id)!);
        return;
      }
      case 'fsyncFile': {
        const entry = this.entry(op.path);
        if (entry?.kind === 'file') this.keptData.set(entry.id, this.data.get(entry.id)!);
        return;
      }
      case 'fsyncDir':
        this.keptNames.set(op.path, new Map(this.names.get(op.path)));
        return;
      case 'syncFs':
        for (const [dir, entries] of this.names) this.keptNames.set(dir, new Map(entries));
        for (const [id, text] of this.data) this.keptData.set(id, text);
        return;
      case 'mkdir':
        this.add(op.path, { kind: 'dir' });
        return;
      case 'rmdir':
        this.remove(op.path);
        this.names.delete(op.path);
        return;
      case 'unlink':
        this.remove(op.path);
        return;
      case 'rename':
        this.add(op.to, this.remove(op.from)!);
        return;
    }
  }

  /** The folders whose names differ from what a power cut keeps. */
  unflushedFolders(): string[] {
    const same = (a?: Map<string, Entry>, b?: Map<string, Entry>) =>
      a?.size === b?.size && [...(a ?? [])].every(([name, e]) => JSON.stringify(b?.get(name)) === JSON.stringify(e));
    return [...this.names.keys()].filter((dir) => !same(this.names.get(dir), this.keptNames.get(dir)));
  }

  /**
   * What a power cut leaves under the base: flushed names and bytes; `writtenBack`, a folder the
   * system wrote back on its own (its current names). A file whose bytes were never flushed is empty.
   */
  afterCut(writtenBack?: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (dir: string) => {
      const entries = dir === writtenBack ? this.names.get(dir) : this.keptNames.get(dir);
      for (const [name, entry] of entries ?? []) {
        const abs = join(dir, name);
        if (entry.kind === 'dir') {
          out[`${relative(this.base, abs)}/`] = '';
          walk(abs);
        } else out[relative(this.base, abs)] = this.keptData.get(entry.id) ?? '';
      }
    };
    walk(this.base);
    return out;
  }
}

/** One tree's files in a snapshot of the base, without temp files, the journal and folders. */
function treeFiles(snap: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snap)
      .filter(([rel]) => rel.startsWith(`${name}${sep}`) && !rel.endsWith('/'))
      .map(([rel, text]) => [rel.slice(name.length + 1), text] as const)
      .filter(([rel]) => !rel.split(sep).at(-1)!.startsWith(TEMP_MARK) && rel !== JOURNAL),
  );
}

function reset(base: string): void {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  for (const name of NAMES.slice(1)) {
    for (const [path, text] of Object.entries(oldFiles)) {
      mkdirSync(dirname(join(base, name, path)), { recursive: true });
      writeFileSync(join(base, name, path), text);
    }
  }
}

function materialise(base: string, snap: Record<string, string>): void {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  for (const [rel, text] of Object.entries(snap).sort(([a], [b]) => a.localeCompare(b))) {
    if (rel.endsWith('/')) mkdirSync(join(base, rel), { recursive: true });
    else {
      mkdirSync(dirname(join(base, rel)), { recursive: true });
      writeFileSync(join(base, rel), text);
    }
  }
}

const targets = (base: string): WriteTarget[] => NAMES.map((name) => ({ root: join(base, name), files: NEW, context: { cluster: name } }));
const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

beforeAll(async () => {
  box = sandbox({ inMemory: true });
  const one = join(box.base, 'one');
  await writeTrees([{ root: one, files: OLD }]);
  oldFiles = treeFiles(snapshot(box.base), 'one');
  await writeTrees([{ root: one, files: NEW }]);
  newFiles = treeFiles(snapshot(box.base), 'one');
  rmSync(one, { recursive: true });
});
afterAll(() => box.dispose());

describe('a power cut', () => {
  for (const flush of ['filesystem', 'each'] as const) {
    it(`at every step of a batch (${flush}) leaves each tree old, new or with a journal, and the next run writes the new trees`, { timeout: 60_000 }, async () => {
      const base = join(box.base, `cut-${flush}`);
      const next = join(box.base, `next-${flush}`);
      reset(base);
      const disk = new Disk(base);
      const { fs, ops } = recording();
      await writeTrees(targets(base), { fs, flush });
      expect(ops.filter((op) => op.call === 'syncFs').length > 0).toBe(flush === 'filesystem');
      // Sanity: the model, with everything flushed, holds what the disk holds.
      const end = new Disk(base);
      expect(end.afterCut()).toEqual(snapshot(base));

      let checked = 0;
      const ran = new Set<string>();
      for (let k = 0; k <= ops.length; k++) {
        if (k > 0) disk.apply(ops[k - 1]!);
        for (const writtenBack of [undefined, ...disk.unflushedFolders()]) {
          const cut = disk.afterCut(writtenBack);
          const where = `power cut after step ${k} (${k > 0 ? JSON.stringify(ops[k - 1]) : 'none'}), folder written back: ${writtenBack ?? 'none'}`;
          for (const name of NAMES) {
            const tree = treeFiles(cut, name);
            for (const [path, text] of Object.entries(tree)) {
              expect([oldFiles[path], newFiles[path]], `${where}: ${name}/${path}`).toContain(text);
            }
            const journal = cut[`${name}${sep}${JOURNAL}`];
            if (journal !== undefined) {
              // A journal in place is whole, and every temp file it names that is there is whole.
              let ops: { path: string; temp?: string }[] = [];
              try {
                ops = (JSON.parse(journal) as { ops: typeof ops }).ops;
              } catch {
                expect.fail(`${where}: ${name}: the journal in place is not whole: ${JSON.stringify(journal)}`);
              }
              for (const op of ops) {
                const temp = op.temp ? cut[join(name, dirname(op.path), op.temp)] : undefined;
                if (temp !== undefined) expect(temp, `${where}: ${name}/${op.path}, its temp file`).toBe(newFiles[op.path]);
              }
              continue;
            }
            const state = same(tree, newFiles) ? 'new' : same(tree, name === 't1' ? {} : oldFiles) ? 'old' : `neither: ${JSON.stringify(tree)}`;
            expect(['old', 'new'], `${where}: ${name}`).toContain(state);
          }
          // The next run, on what the cut left: for the worst case (nothing written back), once for
          // each different state it leaves (only a flush changes it); the folders written back are
          // checked above.
          const key = JSON.stringify(cut);
          if (writtenBack === undefined && !ran.has(key)) {
            ran.add(key);
            materialise(next, cut);
            await writeTrees(targets(next), { flush });
            for (const name of NAMES) expect(treeFiles(snapshot(next), name), `${where}: ${name} after the next run`).toEqual(newFiles);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(ops.length);
      expect(ran.size).toBeGreaterThan(flush === 'filesystem' ? 3 : 10);
    });
  }
});
