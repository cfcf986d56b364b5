import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FluxgenError, MANIFEST, planWrite, writeTree } from '../src/index.js';
import { JOURNAL, LOCK, nodeTreeFs } from '../src/writer.js';
import { faultyFs } from './writer-helpers.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fluxgen-writer-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

describe('writeTree', () => {
  it('creates the files and records them in the manifest', async () => {
    const plan = await writeTree(root, files({ 'a.yaml': 'a\n', 'x/b.yaml': 'b\n' }));
    expect(plan.created).toEqual(['a.yaml', 'x/b.yaml']);
    expect(snapshot(root)).toMatchObject({ 'a.yaml': 'a\n', 'x/b.yaml': 'b\n' });
    expect(JSON.parse(readFileSync(join(root, MANIFEST), 'utf8')).files).toEqual(['a.yaml', 'x/b.yaml']);
  });

  it('does not rewrite files whose bytes are unchanged', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n', 'b.yaml': 'b\n' }));
    const before = statSync(join(root, 'a.yaml'));
    const plan = await writeTree(root, files({ 'a.yaml': 'a\n', 'b.yaml': 'B\n' }));
    expect(plan.unchanged).toEqual(['a.yaml']);
    expect(plan.updated).toEqual(['b.yaml']);
    const after = statSync(join(root, 'a.yaml'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('removes files it generated earlier that are no longer produced, and their empty folders', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n', 'old/app/b.yaml': 'b\n' }));
    const plan = await writeTree(root, files({ 'a.yaml': 'a\n' }));
    expect(plan.removed).toEqual(['old/app/b.yaml']);
    expect(snapshot(root)).toEqual({ 'a.yaml': 'a\n', [MANIFEST]: expect.any(String) });
    expect(readdirSync(root)).not.toContain('old');
  });

  it('never removes a file it did not write', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    writeFileSync(join(root, 'notes.md'), 'mine\n');
    await writeTree(root, files({ 'b.yaml': 'b\n' }));
    expect(readFileSync(join(root, 'notes.md'), 'utf8')).toBe('mine\n');
  });

  it('refuses to overwrite a hand-written file, names it, and leaves the tree byte-identical', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'ks.yaml'), 'hand-written\n');
    const before = snapshot(root);
    const error = await writeTree(root, files({ 'a.yaml': 'A\n', 'web/ks.yaml': 'generated\n' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluxgenError);
    expect((error as FluxgenError).diagnostics).toEqual([
      expect.objectContaining({ code: 'FILE_NOT_OWNED', path: join(root, 'web', 'ks.yaml') }),
    ]);
    expect(snapshot(root)).toEqual(before);
  });

  it('plans without writing', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    const before = snapshot(root);
    const plan = planWrite(root, files({ 'a.yaml': 'b\n', 'c.yaml': 'c\n' }));
    expect([plan.created, plan.updated, plan.unchanged, plan.removed]).toEqual([['c.yaml'], ['a.yaml'], [], []]);
    expect(plan.changes.get('a.yaml')).toEqual({ before: 'a\n', after: 'b\n' });
    expect(snapshot(root)).toEqual(before);
  });

  it('lets concurrent runs on one tree take turns', async () => {
    const runs = await Promise.all([
      writeTree(root, files({ 'a.yaml': '1\n' })),
      writeTree(root, files({ 'a.yaml': '1\n' })),
    ]);
    expect(runs.map((p) => p.created.length + p.unchanged.length)).toEqual([1, 1]);
    expect(snapshot(root)['a.yaml']).toBe('1\n');
    expect(readdirSync(root)).not.toContain('.fluxgen.lock');
  });

  it('fails with TREE_LOCKED, writing nothing, while another run holds a fresh lock', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    mkdirSync(join(root, LOCK)); // a live run's lock: its mtime is now
    const error = await writeTree(root, files({ 'a.yaml': 'b\n' }), { cluster: 'lab', lockWaitMs: 200 }).catch((e: unknown) => e);
    expect((error as FluxgenError).codes).toEqual(['TREE_LOCKED']);
    expect((error as FluxgenError).diagnostics[0]!.message).toContain('waited 0.2s');
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('a\n');
  });

  it('takes over a lock left by a killed run once it is stale (mtime older than 5 s), without waiting', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    mkdirSync(join(root, LOCK));
    const old = new Date(Date.now() - 10_000);
    utimesSync(join(root, LOCK), old, old);
    const plan = await writeTree(root, files({ 'a.yaml': 'b\n' }), { lockWaitMs: 0 });
    expect(plan.updated).toEqual(['a.yaml']);
    expect(readdirSync(root)).not.toContain(LOCK);
  });

  it('does not look below a root it has just made, yet sees what another run put there first', async () => {
    const tree = join(root, 'new', 'tree');
    const fs = faultyFs();
    await writeTree(tree, files({ 'a/b/c.yaml': 'c\n', 'a/d.yaml': 'd\n', 'e.yaml': 'e\n' }), { fs });
    expect(snapshot(tree)).toMatchObject({ 'a/b/c.yaml': 'c\n', 'a/d.yaml': 'd\n', 'e.yaml': 'e\n' });
    const firstCreate = fs.log.findIndex((l) => l.startsWith('create '));
    const below = fs.log.slice(0, firstCreate).filter((l) => l.startsWith('lstat ') && l.startsWith(`lstat ${tree}/`));
    expect(below).toEqual([`lstat ${join(tree, JOURNAL)}`]); // only the look for an interrupted write, under the lock

    // A root this run made, where another run wrote a file before this one got the lock: looked at.
    const raced = join(root, 'raced');
    const racing = faultyFs({
      base: {
        ...nodeTreeFs,
        mkdir: (path: string) => {
          nodeTreeFs.mkdir(path);
          if (path === raced) writeFileSync(join(raced, 'e.yaml'), 'theirs\n');
        },
      },
    });
    const error = await writeTree(raced, files({ 'e.yaml': 'e\n' }), { fs: racing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluxgenError);
    expect(readFileSync(join(raced, 'e.yaml'), 'utf8')).toBe('theirs\n');
  });

  it('fsyncs every temp file once and every folder once (plus the journal and its root)', async () => {
    const many = files(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i % 8}/app/f${i}.yaml`, `${i}\n`])));
    const fs = faultyFs();
    await writeTree(root, many, { fs });
    const count = (call: string) => fs.log.filter((l) => l.startsWith(`${call} `)).length;
    expect(count('fsync')).toBe(40 + 2); // the files, the manifest, the journal
    // Folders: each of c0..c7/app, c0..c7 (new folders live in them) and the root once; the root
    // once more for the journal put in place. Its removal is not flushed: a journal that a power
    // cut brings back names renames that are all done.
    const dirs = fs.log.filter((l) => l.startsWith('fsyncDir ')).map((l) => l.slice('fsyncDir '.length));
    expect(dirs.length).toBe(8 + 8 + 1 + 1);
    expect(new Set(dirs).size).toBe(8 + 8 + 1);
    // The journal is flushed (as a temp file) before it is renamed into place, and its root folder
    // right after, before any file is renamed into place.
    const at = (match: (l: string) => boolean) => fs.log.findIndex(match);
    const journalIn = at((l) => l.startsWith('rename ') && l.includes('.fluxgen-tmp-journal-'));
    expect(fs.log.slice(0, journalIn).filter((l) => l.startsWith('fsync '))).toHaveLength(40 + 2);
    expect(fs.log[journalIn + 1]).toBe(`fsyncDir ${root}`);
    expect(fs.log.slice(0, journalIn).some((l) => l.startsWith('rename '))).toBe(false);
  });

  it('a folder where a file goes, or a file where a folder goes, is TREE_PATH_BLOCKED before anything is written', async () => {
    await writeTree(root, files({ 'a.yaml': 'a\n' }));
    mkdirSync(join(root, 'b.yaml'));
    writeFileSync(join(root, 'web'), 'a file\n');
    const before = snapshot(root);
    const error = await writeTree(root, files({ 'a.yaml': 'A\n', 'b.yaml': 'b\n', 'web/ks.yaml': 'ks\n' })).catch((e: unknown) => e);
    expect((error as FluxgenError).codes).toEqual(['TREE_PATH_BLOCKED', 'TREE_PATH_BLOCKED']);
    expect((error as FluxgenError).diagnostics.map((d) => d.path).sort()).toEqual([join(root, 'b.yaml'), join(root, 'web')]);
    expect(snapshot(root)).toEqual(before);
  });
});
