#!/usr/bin/env node
// The floor's work done with fluxgen's start-up and writer: the same input as floor.mjs (every file
// of every tree, YAML as documents), serialised the same way, then written by fluxgen's own writer
// (`writeTrees` of the bundled core, in batches sized by time as `fluxgen generate` writes them)
// instead of plain writeFileSync calls. Nothing is rendered or checked: this is what a fresh
// `fluxgen generate` would cost if rendering and checking cost nothing, so its ratio to the floor
// is the lowest ratio a fresh run can have (bench/generate.mjs prints it beside the fresh figure).
//
//   node tools/cli/bench/writer-only.mjs <floor.json> <output folder>
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const CORE = new URL('../dist/bundle/core.js', import.meta.url);
if (!existsSync(CORE)) {
  console.error('writer-only.mjs: no bundled core (tools/cli/dist/bundle/core.js): run `npm run build` first');
  process.exit(2);
}
const { writeInBatches, writeTrees } = await import(CORE.href);
const [input, out] = process.argv.slice(2);
/** @type {Record<string, { header: string, docs: object[] } | { text: string }>} */
const files = JSON.parse(readFileSync(input, 'utf8'));
const TREE = /^(clusters\/[^/]+\/flux\/infra)\/(.+)$/;
/** @type {Map<string, Map<string, string>>} */
const trees = new Map();
for (const [path, file] of Object.entries(files)) {
  const text =
    'text' in file
      ? file.text
      : file.header + file.docs.map((doc) => `---\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true })}`).join('');
  const m = TREE.exec(path);
  if (m) {
    if (!trees.has(m[1])) trees.set(m[1], new Map());
    trees.get(m[1]).set(m[2], text);
  } else {
    // Not part of a tree (the cluster.ts files): written as the floor writes them.
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
}
// As the CLI does: each tree's cluster folder exists, and trees go to the writer in batches sized
// by time (core's writeInBatches).
const targets = [...trees].map(([tree, treeFiles]) => {
  const cluster = dirname(dirname(join(out, tree)));
  mkdirSync(cluster, { recursive: true });
  return { root: join(out, tree), files: treeFiles, context: { cluster: tree.split('/')[1], guardFrom: cluster } };
});
await writeInBatches(targets, (t) => t.files.size, (batch) => writeTrees(batch));
