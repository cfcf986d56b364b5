/**
 * The only code that touches the disk (the parts live in ./writer/). It compares the rendered tree
 * with what is there, then writes only the files whose bytes changed, and removes the files it
 * generated earlier that are no longer produced.
 *
 * - **Ownership.** Every generated file is recorded in a manifest (`.fluxgen-manifest.json` at the
 *   root of the tree). A file that is not listed is never overwritten or removed; a missing or
 *   damaged manifest stops the run, and `adoptTree` (`fluxgen adopt`) rebuilds it.
 * - **Nothing outside the tree.** No read, write or removal goes through a symbolic link: each
 *   folder on the way is checked with lstat, and files are opened with O_NOFOLLOW (TREE_SYMLINK).
 * - **All or nothing.** Changed files are staged as flushed temp files, then applied with a journal
 *   (writer/apply.ts): an I/O error leaves the tree entirely old; a crash leaves a journal that the
 *   next run completes, and that `--check` reports. `writeTrees` writes several trees as one batch,
 *   each all or nothing, with one flush per file system and phase instead of one per file.
 * - **Coded failures.** Every failed file-system call is FILE_IO_FAILED with the path, what failed
 *   and a hint.
 * - **One run at a time** per tree, through a lock (writer/lock.ts).
 *
 * The file-system calls go through a small interface (TreeFs) so that tests inject a failure or a
 * crash at every step (packages/core/test/writer-faults.test.ts).
 */
export { JOURNAL } from './writer/apply.js';
export { BatchSizer, writeInBatches } from './writer/batches.js';
export type { BatchReport } from './writer/batches.js';
export { nodeTreeFs } from './writer/fs.js';
export type { EntryKind, TreeFs, TreeFsCall } from './writer/fs.js';
export { LOCK } from './writer/lock.js';
export { MANIFEST } from './writer/manifest.js';
export { TEMP_MARK } from './writer/paths.js';
export { adoptTree, FLUSH_FILESYSTEM_FROM, planWrite, writeTree, writeTrees } from './writer/tree.js';
export type { AdoptResult, BatchOptions, WriteContext, WritePlan, WriteTarget } from './writer/tree.js';
export type { FlushMode } from './writer/apply.js';
