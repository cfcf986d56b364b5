/**
 * Exports the typed values of every component as a JSON Schema file next to its package:
 * `packages/<pkg>/<component>.schema.json`, the exact schema fluxgen validates a component's input
 * with (descriptions, defaults, enums, unknown keys refused). For anyone who keeps a component's
 * values in YAML or JSON: `# yaml-language-server: $schema=../../packages/cilium/cilium.schema.json`.
 *
 *   node --conditions=@fluxgen/source --import tsx scripts/values-schemas.ts           # write
 *   node --conditions=@fluxgen/source --import tsx scripts/values-schemas.ts --check   # exit 1 when stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { standardSchema } from '@fluxgen/core';
import { componentPackages, ROOT } from './pins.js';

interface FactoryLike {
  (input?: object): { inputSchema: object };
  spec: { name: string; title?: string; summary?: string };
}

/** Every component's values schema file: path (relative to the root) and contents. */
export async function valuesSchemas(root = ROOT): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const pkg of componentPackages(root)) {
    const mod = (await import(pathToFileURL(join(root, 'packages', pkg, 'src', 'index.ts')).href)) as Record<string, unknown>;
    const factories = Object.values(mod).filter(
      (v): v is FactoryLike => typeof v === 'function' && typeof (v as Partial<FactoryLike>).spec?.name === 'string',
    );
    for (const factory of factories) {
      const { name, title, summary } = factory.spec;
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: `${title ?? name} values (fluxgen component ${name})`,
        ...(summary ? { description: summary } : {}),
        // JSON.stringify drops TypeBox's symbol keys; fluxgen's own keywords become standard ones.
        ...(standardSchema(JSON.parse(JSON.stringify(factory().inputSchema))) as object),
      };
      files.set(`packages/${pkg}/${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
    }
  }
  return files;
}

/** Paths whose file on disk differs from the export (missing or stale). */
export async function staleSchemas(root = ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, text] of await valuesSchemas(root)) {
    const file = join(root, path);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(path);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = await staleSchemas();
    for (const path of stale) console.error(`stale: ${path}`);
    if (stale.length > 0) console.error('run `npm run schemas` and commit the result');
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    for (const [path, text] of await valuesSchemas()) {
      const file = join(ROOT, path);
      const changed = !existsSync(file) || readFileSync(file, 'utf8') !== text;
      if (changed) writeFileSync(file, text);
      console.log(`${changed ? 'wrote' : 'unchanged'} ${path}`);
    }
  }
}
