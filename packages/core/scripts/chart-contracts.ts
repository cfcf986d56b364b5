/**
 * Regenerates `contract.json` in every vendored chart version folder (`packages/<c>/chart/<v>/`,
 * or `packages/<c>/charts/<chart>/<v>/` for a package of several charts)
 * from the files beside it. `npm run chart-contracts -w @fluxgen/core`; a test fails while any is stale.
 */
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContract, chartDataDirs, CONTRACT_FILE, serializeContract, vendoredVersions } from '../src/charts/contract.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let written = 0;
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  for (const url of chartDataDirs(pathToFileURL(`${join(root, 'packages', pkg)}/`))) {
    for (const version of vendoredVersions(url)) {
      writeFileSync(new URL(`${version}/${CONTRACT_FILE}`, url), serializeContract(buildContract(url, version)));
      written++;
    }
  }
}
console.log(`${written} contract(s) written`);
