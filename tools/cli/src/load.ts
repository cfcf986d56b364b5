/**
 * Loads a cluster's `cluster.ts` and, when that fails, says where and why in a CLUSTER_LOAD_FAILED
 * diagnostic: the file, line and column (from the compiler's message, the module linker or the
 * stack), the compiler's or the error's own message, and a hint that fits what went wrong: a syntax
 * error, a missing module or export, a type error showing at run time, or an error the code threw.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FluxgenError, type Diagnostic } from '@fluxgen/core';
import { LocatedLoadError } from './bundled-import.js';

/** What a failed load was, for the hint. */
export type LoadFailure = 'syntax' | 'missing-import' | 'type' | 'throw' | 'io';

interface Located {
  readonly kind: LoadFailure;
  readonly message: string;
  /** Absolute file, 1-based line and column, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Imports a cluster file and returns its default export. */
export type ClusterImporter = (file: string) => Promise<unknown>;

/** The default: Node's own `import()` (under tsx, or Vitest's loader in tests). */
let importer: ClusterImporter = async (file) => ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;

/** Sets how cluster files are imported (the bundled CLI compiles them itself: bundled-import.ts). */
export function useClusterImporter(next: ClusterImporter): void {
  importer = next;
}

/** Imports `root/source` and returns its default export; throws CLUSTER_LOAD_FAILED when that fails. */
export async function loadCluster(root: string, source: string, cluster: string): Promise<unknown> {
  const file = resolve(root, source);
  try {
    return await importer(file);
  } catch (error) {
    const failure = classify(error, file);
    const where = failure.file ? toPosix(relative(root, failure.file)) : source;
    const at = failure.line ? `${where}:${failure.line}${failure.column ? `:${failure.column}` : ''}` : where;
    const diagnostic: Diagnostic = {
      code: 'CLUSTER_LOAD_FAILED',
      cluster,
      source: at,
      message: `could not be loaded: ${failure.message}`,
      hint: hintFor(failure, at),
    };
    const coded = new FluxgenError([diagnostic]);
    coded.cause = error;
    throw coded;
  }
}

function hintFor(failure: Located, at: string): string {
  switch (failure.kind) {
    case 'syntax':
      return `fix the syntax at ${at} (your editor marks it too)`;
    case 'missing-import':
      return 'check the import: component packages are named @fluxgen/<component> and export the camelCase name (see the package README); after adding a dependency, run `npm install`';
    case 'type':
      return `a value is not of the type the code expects, at ${at}: \`npx tsc -b\` shows the type errors in cluster.ts`;
    case 'throw':
      return `the code at ${at} threw this while cluster.ts was evaluated; fix it there (run with --debug for the stack)`;
    case 'io':
      return `a file could not be read: check that ${at} exists and that you may read it`;
  }
}

/** Reads what kind of failure an import error is, and where it happened. */
export function classify(error: unknown, clusterFile: string): Located {
  if (!(error instanceof Error)) {
    // `throw 'text'` or any other value: no stack, so the place is the cluster file itself.
    return { kind: 'throw', message: `threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)} (not an Error)`, file: clusterFile };
  }
  if (error instanceof LocatedLoadError) {
    return { kind: error.kind, message: error.message, file: error.file || clusterFile, line: error.line, column: error.column };
  }
  const code = (error as NodeJS.ErrnoException).code;
  // esbuild (through tsx): "Transform failed with N error(s):\n<file>:<line>:<col>: ERROR: <text>".
  const transform = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(error.message);
  if (transform && /Transform failed/.test(error.message)) {
    const count = /Transform failed with (\d+) error/.exec(error.message)?.[1];
    const more = count && Number(count) > 1 ? ` (and ${Number(count) - 1} more)` : '';
    return { kind: 'syntax', message: `${transform[4]}${more}`, file: transform[1], line: Number(transform[2]), column: Number(transform[3]) };
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // EACCES, EIO, …: the file system, not the code. Node names the file in the message.
    const path = (error as NodeJS.ErrnoException).path;
    return { kind: 'io', message: error.message, file: path ?? clusterFile };
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
    const m = /(?:Cannot find (?:package|module) '([^']+)'|Package subpath '([^']+)').* imported from (.+)$/m.exec(error.message);
    const importer = m?.[3] ? fromUrl(m[3].trim()) : clusterFile;
    const specifier = m?.[1] ?? m?.[2];
    const position = specifier ? findText(importer, specifier) : undefined;
    return { kind: 'missing-import', message: error.message.split('\n')[0]!, file: importer, ...position };
  }
  if (error instanceof SyntaxError) {
    // Linking: "<file>:<line>\n<source line>\n<spaces>^\n\nSyntaxError: The requested module … does not provide an export named …".
    const linked = /^(.+):(\d+)\n.*\n( *)\^/.exec(error.stack ?? '');
    const kind: LoadFailure = /does not provide an export named|Cannot find/.test(error.message) ? 'missing-import' : 'syntax';
    if (linked) return { kind, message: error.message, file: fromUrl(linked[1]!), line: Number(linked[2]), column: linked[3]!.length + 1 };
    return { kind, message: error.message, ...frame(error, clusterFile) };
  }
  const kind: LoadFailure = error instanceof TypeError || error instanceof ReferenceError ? 'type' : 'throw';
  return { kind, message: `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`, ...frame(error, clusterFile) };
}

/** The stack frame to blame: the cluster file's own, else the first in a workspace source file. */
function frame(error: Error, clusterFile: string): { file?: string; line?: number; column?: number } {
  const frames = [...(error.stack ?? '').matchAll(/(?:\(|at )((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/gm)].map((m) => ({
    file: fromUrl(m[1]!),
    line: Number(m[2]),
    column: Number(m[3]),
  }));
  const own = frames.find((f) => f.file === clusterFile);
  const workspace = frames.find((f) => !f.file.includes(`${sep}node_modules${sep}`) && !f.file.startsWith('node:') && /\.[cm]?[jt]s$/.test(f.file));
  return own ?? workspace ?? { file: clusterFile };
}

function findText(file: string, text: string): { line: number; column: number } | undefined {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const column = lines[i]!.indexOf(`'${text}'`) + 1 || lines[i]!.indexOf(`"${text}"`) + 1;
      if (column > 0) return { line: i + 1, column: column + 1 };
    }
  } catch {
    // the importer is not readable: no position
  }
  return undefined;
}

const fromUrl = (s: string) => (s.startsWith('file://') ? fileURLToPath(s) : s);
const toPosix = (p: string) => p.split(sep).join('/');
