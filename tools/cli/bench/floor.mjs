#!/usr/bin/env node
// The floor of the benchmark: a plain Node script that writes the same bytes fluxgen writes, with
// the same `yaml` library and options, and nothing else (no TypeScript, no validation, no lock, no
// fsync, no manifest). Its input is a JSON file made once from fluxgen's own output (bench/generate.mjs):
// every file of every tree as its YAML documents (serialised here) or, for READMEs, as text.
//
//   node tools/cli/bench/floor.mjs <floor.json> <output folder>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const [input, out] = process.argv.slice(2);
/** @type {Record<string, { header: string, docs: object[] } | { text: string }>} */
const files = JSON.parse(readFileSync(input, 'utf8'));
const made = new Set();
for (const [path, file] of Object.entries(files)) {
  const target = join(out, path);
  const folder = dirname(target);
  if (!made.has(folder)) {
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  }
  const text =
    'text' in file
      ? file.text
      : file.header + file.docs.map((doc) => `---\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true })}`).join('');
  writeFileSync(target, text);
}
