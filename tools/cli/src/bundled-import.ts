/**
 * How the bundled CLI (bin/fluxgen.js after `npm run build`) imports a cluster's `cluster.ts`
 * without a module loader hook: the file is compiled into one ES module in memory, and Node
 * imports that from a `data:` URL.
 *
 * - The usual `cluster.ts`, which imports nothing but bundled `@fluxgen/*` packages (and Node's
 *   own modules), is compiled alone, in process, by oxc-transform (~20 ms of CPU).
 * - Anything else (local files, other packages, a package edited since the build, a syntax error
 *   to locate, a platform without oxc's native binding) goes through esbuild, which bundles the
 *   local files in and reports every error with its place (~150 ms of CPU: it runs as a child
 *   process).
 *
 * - `@fluxgen/*` packages in the bundle resolve to the bundle's own modules, so that a cluster, its
 *   components and the CLI share one core. A package edited since the build (its sources no longer
 *   hash to what was bundled), or one whose workspace dependencies were, is compiled from its
 *   TypeScript sources into the cluster's module instead (the `@fluxgen/source` export condition).
 * - Every other package resolves to its file (a `file:` URL), loaded by Node as usual.
 * - `import.meta.url` (and `dirname`, `filename`) keep the value of the file they are written in.
 * - Stack traces point into the sources through an inline source map, so load errors name
 *   `cluster.ts` line and column as before.
 */
import { readFile } from 'node:fs/promises';
import { builtinModules, SourceMap, type SourceMapPayload } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import type { ImportSpecifier } from 'es-module-lexer';

/** What `npm run build` recorded of the bundle (tools/cli/dist/bundle/bundle.json). */
export interface BundleManifest {
  /** Import specifier → the bundle module that provides it (file name in the bundle folder). */
  readonly entries: Readonly<Record<string, string>>;
  /** Workspace package name → its folder (relative to the workspace root), the hash of the sources it was bundled from (and their stat stamp), and its workspace dependencies. */
  readonly packages: Readonly<Record<string, { readonly dir: string; readonly hash: string; readonly stamp?: string; readonly deps: readonly string[] }>>;
}

/** A load failure located in the sources (the bundled path's own errors; see load.ts). */
export class LocatedLoadError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'missing-import',
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'LocatedLoadError';
  }
}

const BUILTINS = new Set(builtinModules);
/** `import.meta.url`, `.dirname`, `.filename` in code (not in a string: the bundler reads this file too). */
const IMPORT_META = new RegExp(`(?<![\\w$'"\`.])${['import', 'meta'].join('\\.')}\\.(url|dirname|filename)\\b`, 'g');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** How a cluster file was compiled: alone by oxc-transform, or bundled with what it imports by esbuild. */
export type CompiledBy = 'oxc-transform' | 'esbuild';

/** A module's code and its source map, to import from a `data:` URL. */
interface Compiled {
  readonly js: string;
  readonly map: SourceMapPayload;
}

/** `source` with `import.meta.url`, `.dirname` and `.filename` replaced by the values they have in `file`. */
function withOwnImportMeta(file: string, source: string): string {
  const values: Record<string, string> = { url: pathToFileURL(file).href, dirname: dirname(file), filename: file };
  return source.replace(IMPORT_META, (_, key: string) => JSON.stringify(values[key]));
}

type OxcTransform = typeof import('oxc-transform');
type Lexer = typeof import('es-module-lexer');
let tools: Promise<{ oxc: OxcTransform; lexer: Lexer } | undefined> | undefined;
/** oxc-transform and es-module-lexer, once; `undefined` where oxc's native binding cannot load. */
function fastTools(): Promise<{ oxc: OxcTransform; lexer: Lexer } | undefined> {
  tools ??= (async () => {
    try {
      const [oxc, lexer] = await Promise.all([import('oxc-transform'), import('es-module-lexer')]);
      await lexer.init;
      return { oxc, lexer };
    } catch {
      return undefined;
    }
  })();
  return tools;
}

/**
 * An importer for `loadCluster`: `bundleDir` is the bundle folder, `root` the workspace root,
 * `hashOf(dir)` the current hash of a package's sources (build-state.mjs's `sourceHash`),
 * `compiled(file, by)` told how each file was compiled (`--debug` prints it).
 */
export function bundledImporter(
  bundleDir: string,
  root: string,
  manifest: BundleManifest,
  hashOf: (dir: string) => string,
  compiled?: (file: string, by: CompiledBy) => void,
): (file: string) => Promise<unknown> {
  const usable = new Map<string, boolean>();
  /** Whether a package can come from the bundle: it and its workspace dependencies are as bundled. */
  const fromBundle = (name: string): boolean => {
    const known = usable.get(name);
    if (known !== undefined) return known;
    usable.set(name, false); // a dependency cycle counts as stale, never as an endless walk
    const pkg = manifest.packages[name];
    const ok = pkg !== undefined && hashOf(join(root, pkg.dir)) === pkg.hash && pkg.deps.every(fromBundle);
    usable.set(name, ok);
    return ok;
  };
  // Each entry's URL, made once: every cluster file imports a few of them.
  const urls = new Map(Object.entries(manifest.entries).map(([specifier, file]) => [specifier, pathToFileURL(join(bundleDir, file)).href]));
  const entryUrl = (specifier: string) => urls.get(specifier)!;
  const specifierOf = new Map([...urls].map(([specifier, url]) => [url, specifier]));

  const plugin: Plugin = {
    name: 'fluxgen-cluster',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (/^[a-z][a-z0-9+.-]*:/i.test(args.path)) return { path: args.path, external: true }; // file:, data:
        if (manifest.entries[args.path] !== undefined && fromBundle(packageName(args.path))) return { path: entryUrl(args.path), external: true };
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
        if (found.errors.length > 0 || !found.path) return { errors: [{ text: `Cannot find package '${args.path}' imported from ${args.importer}` }] };
        // TypeScript (a workspace package's sources) is compiled into the cluster's module; the rest Node loads.
        if (/\.[cm]?tsx?$/.test(found.path)) return { path: found.path };
        return { path: pathToFileURL(found.path).href, external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        return { contents: withOwnImportMeta(args.path, source), loader: langOf(args.path) };
      });
    },
  };

  /**
   * The file compiled alone by oxc-transform, its imports pointed at the bundle's modules; or
   * `undefined` when it needs esbuild: an import that is not a bundled, unedited `@fluxgen/*`
   * package or a Node module, a syntax error (esbuild locates it), a runtime helper to import.
   */
  const compileAlone = async (file: string): Promise<Compiled | undefined> => {
    const fast = await fastTools();
    if (!fast) return undefined;
    const source = withOwnImportMeta(file, await readFile(file, 'utf8'));
    let result: ReturnType<OxcTransform['transformSync']>;
    let imports: readonly ImportSpecifier[];
    try {
      result = fast.oxc.transformSync(file, source, { lang: langOf(file), sourceType: 'module', target: 'node20', sourcemap: true });
      if (result.errors.length > 0 || Object.keys(result.helpersUsed).length > 0 || !result.map) return undefined;
      [imports] = fast.lexer.parse(result.code);
    } catch {
      return undefined;
    }
    let js = result.code;
    // From the last import back, so that the offsets of the earlier ones stay right. `t` (the
    // lexer's ImportType): 1 static, 2 dynamic, 3 `import.meta`, higher: source and defer phases.
    for (const found of [...imports].sort((a, b) => b.s - a.s)) {
      if (found.t === 3) continue; // import.meta: only what withOwnImportMeta left (resolve, …), as under esbuild
      const specifier = found.n;
      if ((found.t !== 1 && found.t !== 2) || specifier === undefined) return undefined;
      if (isBuiltin(specifier)) continue;
      if (manifest.entries[specifier] === undefined || !fromBundle(packageName(specifier))) return undefined;
      const url = entryUrl(specifier);
      js = `${js.slice(0, found.s)}${found.t === 2 ? JSON.stringify(url) : url}${js.slice(found.e)}`;
    }
    const map = { ...result.map, file: basename(file), sources: [pathToFileURL(file).href], sourcesContent: undefined } as unknown as SourceMapPayload;
    return { js, map };
  };

  /** The file and the local files it imports, bundled by esbuild; build errors located. */
  const compileBundled = async (file: string): Promise<Compiled> => {
    const { build } = await import('esbuild');
    const outfile = join(dirname(file), '.fluxgen-cluster.mjs'); // never written: names the output for the source map
    let result;
    try {
      result = await build({
        entryPoints: [file],
        outfile,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        conditions: ['@fluxgen/source'],
        sourcemap: 'external',
        sourcesContent: false,
        logLevel: 'silent',
        plugins: [plugin],
      });
    } catch (error) {
      throw located(error) ?? error;
    }
    const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!;
    const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as SourceMapPayload;
    map.sources = map.sources.map((s) => pathToFileURL(join(dirname(outfile), s)).href);
    return { js: js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, ''), map };
  };

  return async (file: string) => {
    const alone = await compileAlone(file);
    compiled?.(file, alone ? 'oxc-transform' : 'esbuild');
    const { js, map } = alone ?? (await compileBundled(file));
    const url = `data:text/javascript;base64,${Buffer.from(js).toString('base64')}`;
    try {
      return ((await import(url)) as { default?: unknown }).default;
    } catch (error) {
      // Node maps stack traces through source maps for files only: frames in the module are mapped here.
      if (error instanceof Error && error.stack?.includes(url)) error.stack = mapStack(error.stack, url, new SourceMap(map));
      // Linking: an export missing from a bundled package names the bundle's file, and its place the data: URL.
      const missing = error instanceof SyntaxError ? /The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(error.message) : null;
      if (missing) {
        const specifier = specifierOf.get(missing[1]!) ?? missing[1]!;
        const at = await findWord(file, missing[2]!);
        throw new LocatedLoadError(`The requested module '${specifier}' does not provide an export named '${missing[2]}'`, 'missing-import', file, at?.line, at?.column);
      }
      throw error;
    }
  };
}

/** The esbuild loader (and oxc-transform language) of a source file. */
function langOf(file: string): 'ts' | 'tsx' | 'js' {
  const ext = extname(file).replace(/^\.[cm]?/, '.');
  return ext === '.tsx' ? 'tsx' : ext === '.ts' ? 'ts' : 'js';
}

/** `stack` with each `url:line:column` replaced by its place in the sources. */
function mapStack(stack: string, url: string, map: SourceMap): string {
  return stack.replaceAll(new RegExp(`${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:(\\d+):(\\d+)`, 'g'), (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource) return whole;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    return `${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
  });
}

/** esbuild's first error, as a located load error (or undefined when it is not a build failure). */
function located(error: unknown): LocatedLoadError | undefined {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  const first = errors?.[0];
  if (!first) return undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const where = first.location;
  const file = where ? resolve(process.cwd(), where.file) : '';
  const noExport = /^No matching export in "([^"]+)" for import "([^"]+)"$/.exec(first.text);
  if (noExport) return new LocatedLoadError(`The requested module '${noExport[1]}' does not provide an export named '${noExport[2]}'${more}`, 'missing-import', file, where?.line, where ? where.column + 1 : undefined);
  if (/^(Cannot find package|Could not resolve)/.test(first.text)) return new LocatedLoadError(`${first.text}${more}`, 'missing-import', file, where?.line, where ? where.column + 2 : undefined);
  return new LocatedLoadError(`${first.text}${more}`, 'syntax', file, where?.line, where ? where.column + 1 : undefined);
}

/** The first place `word` appears as a word in `file` (1-based line and column). */
async function findWord(file: string, word: string): Promise<{ line: number; column: number } | undefined> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const pattern = new RegExp(`\\b${word.replace(/[$]/g, '\\$')}\\b`);
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i]!);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  return undefined;
}
