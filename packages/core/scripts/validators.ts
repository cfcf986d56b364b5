/**
 * Precompiles every validator fluxgen can know ahead of time into `packages/core/dist/validators/`
 * (ajv standalone code, one CommonJS file per schema, named by validate.ts's key of the schema),
 * and stores the kinds of every vendored CRD file into `packages/core/dist/crd-index/` (by the hash
 * of the file's bytes), so that a run neither compiles schemas nor parses CRD YAML it does not use;
 * and precompiles the README templates (`dist/readme/templates.gen.cjs`).
 *
 * It discovers what to compile: the cluster options, every component of every package under
 * `packages/` (its values, every vendored chart version's `values.schema.json`, every version of
 * every CRD under its `crds`), every secret backend a package exports, and the Flux and Kubernetes
 * object schemas. A component added later is picked up by the next `npm run build`; until then (or
 * when run from the sources) fluxgen compiles its schemas at run time, with the same errors.
 *
 *   node --conditions=@fluxgen/source --import tsx packages/core/scripts/validators.ts
 *
 * Part of `npm run build` (and so of `npm test`). Files are content-addressed: only missing ones
 * are compiled, unless core's own sources changed since the last run (then all are).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLUSTER_PARTS, ClusterOptionsSchema } from '../src/cluster.js';
import { COMMON_PARTS } from '../src/component.js';
import { loadContractSchema, vendoredVersions } from '../src/charts/contract.js';
import { crdsIn, parseCrdFile, storedKinds } from '../src/crds.js';
import { crdSchemaSource, OBJECT_SCHEMAS, objectSchemaSource } from '../src/checks/objects.js';
import { precompileTemplates } from '../src/readme/markdown.js';
import { coreSourceHash, coreSourceStamp } from '../src/precompiled.js';
import { strict } from '../src/schema.js';
import { openParts, schemaKey, standaloneCodeCache, standaloneValidator } from '../src/validate.js';
import { tuneV8 } from '../src/v8-tuning.js';

const CORE = new URL('../', import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
const OUT = new URL('dist/', CORE);
const VALIDATORS = new URL('validators/', OUT);
const CRD_INDEX = new URL('crd-index/', OUT);

interface Discovered {
  /** Schemas by validator key. */
  readonly schemas: Map<string, object>;
  /** Vendored CRD files. */
  readonly crdFiles: Set<string>;
}

async function discover(): Promise<Discovered> {
  const schemas = new Map<string, object>();
  const crdFiles = new Set<string>();
  const add = (schema: object) => schemas.set(schemaKey(schema), schema);
  // What is validated (validate.ts, `validateInParts`): the cluster's and each component's schema
  // with the shared parts opened, and each shared part once.
  add(openParts(ClusterOptionsSchema, Object.keys(CLUSTER_PARTS)));
  for (const part of new Set([...Object.values(CLUSTER_PARTS), ...Object.values(COMMON_PARTS)])) add(part);
  for (const key of Object.keys(OBJECT_SCHEMAS)) add(objectSchemaSource(key)!);
  const packages = new URL('packages/', ROOT);
  for (const dir of readdirSync(packages, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'core').map((d) => d.name).sort()) {
    const entry = new URL(`${dir}/src/index.ts`, packages);
    if (!existsSync(entry)) continue;
    const mod = (await import(entry.href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value === 'function' && typeof (value as { spec?: { name?: unknown } }).spec?.name === 'string') {
        const factory = value as unknown as { (): { inputSchema: object }; spec: { chartData?: URL; crds?: URL } };
        add(openParts(factory().inputSchema, Object.keys(COMMON_PARTS)));
        const { chartData, crds } = factory.spec;
        if (chartData) {
          for (const version of vendoredVersions(chartData)) {
            const schema = loadContractSchema(chartData, version);
            if (schema) add(schema);
          }
        }
        if (crds) {
          for (const crd of crdsIn(crds)) {
            crdFiles.add(crd.href);
            for (const v of crd.versions) if (v.served && v.hasSchema) add(crdSchemaSource(crd, v.name));
          }
          // Files with no CRD in them too (a ValidatingAdmissionPolicy beside the CRDs): indexed as
          // empty, or every run would parse them to find nothing.
          const folder = crds.href.endsWith('/') ? crds : new URL(`${crds.href}/`);
          for (const file of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f))) crdFiles.add(new URL(file, folder).href);
        }
      } else if (typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && typeof (value as { resolve?: unknown }).resolve === 'function') {
        // A secret backend: its reference schema, made strict as secrets.ts does.
        const schema = (value as { schema?: object }).schema;
        if (schema) add(strict(schema));
      }
    }
  }
  return { schemas, crdFiles };
}

function fileHash(href: string): string {
  return createHash('sha256').update(readFileSync(new URL(href))).digest('hex');
}

const started = performance.now();
const stamp = new URL('validators.json', OUT);
// Both before anything is compiled: an edit during the build changes the stamp, so the next run hashes.
const stampNow = coreSourceStamp();
const hash = coreSourceHash();
const recorded = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, 'utf8')) as { core?: string; codeCaches?: string }) : {};
if (recorded.core !== hash) {
  rmSync(VALIDATORS, { recursive: true, force: true });
  rmSync(CRD_INDEX, { recursive: true, force: true });
}
// V8 accepts a code cache only from its own version, run with the same flags: the caches are
// written under the CLI's flags, and written again when either changed.
const codeCaches = JSON.stringify({ v8: process.versions.v8, flags: tuneV8() });
if (recorded.codeCaches !== codeCaches && existsSync(VALIDATORS)) {
  for (const name of readdirSync(VALIDATORS)) if (name.endsWith('.v8')) rmSync(new URL(name, VALIDATORS));
}
mkdirSync(VALIDATORS, { recursive: true });
mkdirSync(CRD_INDEX, { recursive: true });

const { schemas, crdFiles } = await discover();
let compiled = 0;
for (const [key, schema] of schemas) {
  const file = new URL(`${key}.cjs`, VALIDATORS);
  const cache = new URL(`${key}.v8`, VALIDATORS);
  if (existsSync(file) && existsSync(cache)) continue;
  if (!existsSync(file)) writeFileSync(file, standaloneValidator(schema));
  writeFileSync(cache, standaloneCodeCache(fileURLToPath(file)));
  compiled++;
}
const crdNames = new Set<string>();
for (const href of crdFiles) {
  const name = `${fileHash(href)}.json`;
  crdNames.add(name);
  const file = new URL(name, CRD_INDEX);
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(storedKinds(new URL(href)))}\n`);
  void parseCrdFile;
}
// What no schema or file needs any more goes.
for (const name of readdirSync(VALIDATORS)) if (!schemas.has(name.replace(/\.(cjs|v8)$/, ''))) rmSync(new URL(name, VALIDATORS));
for (const name of readdirSync(CRD_INDEX)) if (!crdNames.has(name)) rmSync(new URL(name, CRD_INDEX));
// The README templates, precompiled (readme/markdown.ts loads them beside its built module).
mkdirSync(new URL('readme/', OUT), { recursive: true });
writeFileSync(new URL('readme/templates.gen.cjs', OUT), precompileTemplates());
writeFileSync(stamp, `${JSON.stringify({ core: hash, stamp: stampNow, codeCaches, validators: schemas.size, crdFiles: crdNames.size })}\n`);
console.log(
  `validators: ${schemas.size} (${compiled} compiled), CRD files: ${crdNames.size}, in ${((performance.now() - started) / 1000).toFixed(1)} s (${fileURLToPath(OUT)})`,
);
void pathToFileURL;
