// The bundle `fluxgen` starts from (step 3 of build.mjs): the CLI, core and every component
// package, with their npm dependencies, as a few ES modules in tools/cli/dist/bundle/, so that a
// run loads ~30 files instead of ~400 and needs no loader hook (module loading and tsx were most
// of a small run's CPU time).
//
// - Built by esbuild from the TypeScript sources (the `@fluxgen/source` export of each package),
//   one entry per package export; shared code (core, yaml, TypeBox, …) goes to shared chunks, so a
//   cluster's components and the CLI share one core.
// - `import.meta.url` keeps, in each module, the URL of the source file it was written in: packages
//   find their data (`chart/`, `crds/`, core's `data/` and dist/ validators) as they do unbundled.
// - Left outside: esbuild (a native binary), tsx, ajv (loaded only when a schema has no
//   precompiled validator) and what only the build scripts use.
// - bundle.json records, per package, the hash of the sources it was bundled from (build-state.mjs):
//   bin/fluxgen.js uses the bundle only while the CLI's and core's hashes match, and the cluster
//   importer (src/bundled-import.ts) compiles a component edited since from its sources.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Bundles `packages` ([name, dir, hash, stat stamp] of every workspace package with a dist/) into `out` (tests: elsewhere). */
export async function bundle(root, packages, out = join(root, 'tools', 'cli', 'dist', 'bundle')) {
  const { build } = await import(pathToFileURL(require.resolve('esbuild')).href);
  const entryPoints = {};
  const entries = {};
  const manifest = {};
  for (const [name, dir, hash, stamp] of packages) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...pkg.dependencies }).filter((d) => packages.some(([n]) => n === d));
    const rel = relative(root, dir).split('\\').join('/');
    manifest[name] = { dir: rel, hash, ...(stamp ? { stamp } : {}), deps };
    if (name === '@fluxgen/cli') {
      entryPoints.cli = join(dir, 'src', 'process.ts');
      continue;
    }
    if (!rel.startsWith('packages/')) continue; // tools: not imported by clusters
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const file = typeof target === 'string' ? target : target?.['@fluxgen/source'];
      if (!file || !file.endsWith('.ts') || !existsSync(join(dir, file))) continue;
      const specifier = sub === '.' ? name : `${name}/${sub.slice(2)}`;
      const key = specifier.replace(/^@fluxgen\//, '').replaceAll('/', '-');
      entryPoints[key] = join(dir, file);
      entries[specifier] = `${key}.js`;
    }
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints,
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@fluxgen/source'],
    // Smaller to parse at every start (names kept); `--debug` maps stack traces back through the
    // linked source maps (bin/fluxgen.js).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // CommonJS dependencies bundled into ES modules call require() for Node's built-ins.
    banner: { js: "import { createRequire as __fluxgenRequire } from 'node:module'; const require = __fluxgenRequire(import.meta.url);" },
    external: ['esbuild', 'oxc-transform', 'es-module-lexer', 'tsx', 'tsx/*', 'ajv', 'ajv/*', 'ajv-formats', 'typescript', 'json-schema-to-typescript'],
    logLevel: 'warning',
    plugins: [
      {
        name: 'keep-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
            const source = await readFile(args.path, 'utf8');
            // In code, not in a string (src/bundled-import.ts names it in one).
            const code = /(?<![\w$'"`.])import\.meta\.url\b/g;
            if (!code.test(source)) return undefined;
            const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
            return { contents: source.replace(code, JSON.stringify(pathToFileURL(args.path).href)), loader, resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  writeFileSync(join(out, 'bundle.json'), `${JSON.stringify({ entries, packages: manifest }, null, 2)}\n`);
  return Object.keys(entryPoints).length;
}
