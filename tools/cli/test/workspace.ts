/** Throw-away workspaces under the repo's tmp/ (so cluster files resolve the workspace packages). */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function tempWorkspace(): { root: string; dispose: () => void } {
  mkdirSync(join(REPO, 'tmp'), { recursive: true });
  const root = mkdtempSync(join(REPO, 'tmp', 'ws-'));
  writeFileSync(join(root, 'nx.json'), '{}\n');
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes `clusters/<name>/cluster.ts` with the given source. */
export function writeCluster(root: string, name: string, source: string): void {
  const file = join(root, 'clusters', name, 'cluster.ts');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
}

/** Every file under `dir` with its bytes (empty when it does not exist). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) out[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
    }
  } catch {
    // no tree yet
  }
  return out;
}
