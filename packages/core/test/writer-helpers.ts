/** Shared by the writer tests: throw-away trees, snapshots, and a TreeFs that fails on cue. */
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { nodeTreeFs, type TreeFs, type TreeFsCall } from '../src/writer.js';

export const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

/**
 * A temp folder holding `tree/` (the root under test) and `outside/` (what must never change).
 * `inMemory`: on a memory file system (Linux's /dev/shm) where there is one, for the loops that
 * write a tree hundreds of times with every flush stubbed out: what they prove is the order and
 * the outcome of the writer's calls, which do not depend on the disk, and each step costs a few
 * times less (the batch loops: 10.5 s → 5.0 s). What needs the disk runs on it.
 */
export function sandbox(options: { readonly inMemory?: boolean } = {}): { base: string; root: string; outside: string; dispose: () => void } {
  const base = mkdtempSync(join(options.inMemory && memoryFolder() ? MEMORY : tmpdir(), 'fluxgen-writer-'));
  return { base, root: join(base, 'tree'), outside: join(base, 'outside'), dispose: () => rmSync(base, { recursive: true, force: true }) };
}

const MEMORY = '/dev/shm';
function memoryFolder(): boolean {
  try {
    accessSync(MEMORY, constants.W_OK);
    return statSync(MEMORY).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every entry under `dir` without following links: files with their bytes, folders as `path/`
 * (so an empty folder left behind shows), links as `-> target`.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(d, e.name);
      const rel = relative(dir, abs);
      if (e.isSymbolicLink()) out[rel] = '-> link';
      else if (e.isDirectory()) {
        out[`${rel}/`] = '';
        walk(abs);
      } else out[rel] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** An errno error as node:fs throws it. */
export function errnoError(code: string, call: string, path = ''): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EACCES: 'permission denied',
    EIO: 'i/o error',
    EROFS: 'read-only file system',
  };
  return Object.assign(new Error(`${code}: ${messages[code] ?? 'failed'}, ${call} '${path}'`), { code, syscall: call, path });
}

/** Thrown by a crashed FaultyFs: the process is gone, nothing more reaches the disk. */
export class Crash extends Error {}

/**
 * The real file system, counting calls; at call number `at` (0-based) it throws `errno` once, or,
 * with `crash`, fails that call and every one after it (a kill: no undo can run).
 */
export function faultyFs(options: { at?: number; errno?: string; crash?: boolean; only?: TreeFsCall; base?: TreeFs } = {}): TreeFs & {
  calls: () => number;
  log: string[];
} {
  let n = 0;
  let crashed = false;
  const log: string[] = [];
  const fs = {} as TreeFs;
  for (const key of Object.keys(nodeTreeFs) as TreeFsCall[]) {
    (fs as unknown as Record<string, unknown>)[key] = (...args: unknown[]) => {
      if (crashed) throw new Crash(`crashed before ${key}`);
      const counted = options.only === undefined || options.only === key;
      const i = counted ? n++ : -1;
      log.push(`${key} ${String(args[0])}`);
      if (i === options.at) {
        if (options.crash) {
          crashed = true;
          throw new Crash(`crash at ${key}`);
        }
        throw errnoError(options.errno ?? 'EIO', key, String(args[0]));
      }
      return ((options.base ?? nodeTreeFs)[key] as (...a: unknown[]) => unknown)(...args);
    };
  }
  return Object.assign(fs, { calls: () => n, log });
}
