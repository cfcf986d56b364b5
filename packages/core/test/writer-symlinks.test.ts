/**
 * The writer never follows a symbolic link inside the tree, whether reading, writing or removing:
 * a linked folder, a linked file, a linked tree root (or `flux` folder above it) and a linked
 * manifest each stop the run with TREE_SYMLINK, and nothing outside the tree changes.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FluxgenError } from '../src/errors.js';
import { MANIFEST, planWrite, writeTree } from '../src/writer.js';
import { files, sandbox, snapshot } from './writer-helpers.js';

let box: ReturnType<typeof sandbox>;
beforeEach(() => {
  box = sandbox();
  mkdirSync(box.outside);
  writeFileSync(join(box.outside, 'helmrelease.yaml'), 'outside\n');
  writeFileSync(join(box.outside, 'victim.yaml'), 'outside\n');
});
afterEach(() => box.dispose());

const V1 = files({ 'cilium/app/helmrelease.yaml': 'v1\n', 'cilium/app/old.yaml': 'old\n', 'ks.yaml': 'ks1\n' });
const V2 = files({ 'cilium/app/helmrelease.yaml': 'v2\n', 'ks.yaml': 'ks2\n' });

async function failure(run: Promise<unknown>): Promise<FluxgenError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FluxgenError);
  return error as FluxgenError;
}

function check(root: string, wanted: Map<string, string>, guardFrom?: string): FluxgenError {
  try {
    planWrite(root, wanted, guardFrom ? { guardFrom } : {});
  } catch (error) {
    return error as FluxgenError;
  }
  throw new Error('planWrite did not fail');
}

describe('symbolic links', () => {
  it('a linked folder inside the tree: no write or removal through it, in generate or --check', async () => {
    await writeTree(box.root, V1);
    // The user replaces cilium/app with a link to a folder outside the tree.
    rmSync(join(box.root, 'cilium/app'), { recursive: true });
    symlinkSync(box.outside, join(box.root, 'cilium/app'));
    const outsideBefore = snapshot(box.outside);
    const treeBefore = snapshot(box.root);

    const error = await failure(writeTree(box.root, V2, { cluster: 'lab' }));
    expect(error.codes).toEqual(['TREE_SYMLINK']);
    expect(error.diagnostics[0]).toMatchObject({ cluster: 'lab', path: join(box.root, 'cilium/app') });
    expect(snapshot(box.outside)).toEqual(outsideBefore);
    expect(snapshot(box.root)).toEqual(treeBefore);
    // --check never calls it up to date.
    expect(check(box.root, V2).codes).toEqual(['TREE_SYMLINK']);
    expect(check(box.root, V1).codes).toEqual(['TREE_SYMLINK']);
  });

  it('a linked file where the writer would write or remove', async () => {
    await writeTree(box.root, V1);
    rmSync(join(box.root, 'ks.yaml'));
    symlinkSync(join(box.outside, 'victim.yaml'), join(box.root, 'ks.yaml'));
    rmSync(join(box.root, 'cilium/app/old.yaml'));
    symlinkSync(join(box.outside, 'helmrelease.yaml'), join(box.root, 'cilium/app/old.yaml')); // listed, to be removed
    const outsideBefore = snapshot(box.outside);

    const error = await failure(writeTree(box.root, V2));
    expect(error.codes).toEqual(['TREE_SYMLINK', 'TREE_SYMLINK']);
    expect(error.diagnostics.map((d) => d.path).sort()).toEqual([join(box.root, 'cilium/app/old.yaml'), join(box.root, 'ks.yaml')]);
    expect(snapshot(box.outside)).toEqual(outsideBefore);
  });

  it('a linked tree root, or a linked folder above it (clusters/<name>/flux)', async () => {
    // The tree root itself is a link.
    symlinkSync(box.outside, box.root);
    expect((await failure(writeTree(box.root, V1))).codes).toEqual(['TREE_SYMLINK']);
    expect(check(box.root, V1).codes).toEqual(['TREE_SYMLINK']);
    rmSync(box.root);

    // clusters/lab/flux is a link; the tree is clusters/lab/flux/infra, checked from clusters/lab.
    const cluster = join(box.base, 'clusters/lab');
    mkdirSync(cluster, { recursive: true });
    mkdirSync(join(box.outside, 'infra'));
    symlinkSync(box.outside, join(cluster, 'flux'));
    const tree = join(cluster, 'flux/infra');
    const outsideBefore = snapshot(box.outside);
    const error = await failure(writeTree(tree, V1, { guardFrom: cluster }));
    expect(error.codes).toEqual(['TREE_SYMLINK']);
    expect(error.diagnostics[0]!.path).toBe(join(cluster, 'flux'));
    expect(check(tree, V1, cluster).codes).toEqual(['TREE_SYMLINK']);
    expect(snapshot(box.outside)).toEqual(outsideBefore);
  });

  it('a linked manifest', async () => {
    await writeTree(box.root, V1);
    renameSync(join(box.root, MANIFEST), join(box.outside, MANIFEST));
    symlinkSync(join(box.outside, MANIFEST), join(box.root, MANIFEST));
    const outsideBefore = snapshot(box.outside);
    const error = await failure(writeTree(box.root, V2));
    expect(error.codes).toEqual(['TREE_SYMLINK']);
    expect(error.diagnostics[0]!.path).toBe(join(box.root, MANIFEST));
    expect(snapshot(box.outside)).toEqual(outsideBefore);
  });

  it('leaves a link the writer has no business with alone, and never enters it to clean up', async () => {
    await writeTree(box.root, V1);
    writeFileSync(join(box.outside, '.fluxgen-tmp-123-abcd-0'), 'not the writer’s to remove\n');
    symlinkSync(box.outside, join(box.root, 'docs'));
    const outsideBefore = snapshot(box.outside);
    await writeTree(box.root, V2);
    expect(snapshot(box.outside)).toEqual(outsideBefore);
    expect(snapshot(box.root)['docs']).toBe('-> link');
  });
});
